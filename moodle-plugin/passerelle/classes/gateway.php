<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle;

use paygw_passerelle\local\connection_check;

/**
 * The Passerelle payment gateway: HelloAsso payments in euros, through a Passerelle server that verifies them,
 * notifies Moodle and reconciles. Configured per payment account.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class gateway extends \core_payment\gateway {

    /**
     * HelloAsso takes euros only.
     *
     * @return string[]
     */
    public static function get_supported_currencies(): array {
        return ['EUR'];
    }

    /**
     * Where Passerelle sends this site's webhooks.
     *
     * @return \moodle_url
     */
    public static function webhook_url(): \moodle_url {
        return new \moodle_url('/payment/gateway/passerelle/webhook.php');
    }

    /**
     * The account's settings: Passerelle's address, the API key, the webhook secret, and refunds.
     *
     * @param \core_payment\form\account_gateway $form
     */
    public static function add_configuration_to_gateway_form(\core_payment\form\account_gateway $form): void {
        $mform = $form->get_mform();

        $mform->addElement('text', 'passerelleurl', get_string('passerelleurl', 'paygw_passerelle'), ['size' => 50]);
        $mform->setType('passerelleurl', PARAM_URL);
        $mform->addHelpButton('passerelleurl', 'passerelleurl', 'paygw_passerelle');

        $mform->addElement('passwordunmask', 'apikey', get_string('apikey', 'paygw_passerelle'));
        $mform->setType('apikey', PARAM_RAW_TRIMMED);
        $mform->addHelpButton('apikey', 'apikey', 'paygw_passerelle');

        $mform->addElement('static', 'webhookurl', get_string('webhookurl', 'paygw_passerelle'),
            \html_writer::tag('code', s(self::webhook_url()->out(false))));
        $mform->addHelpButton('webhookurl', 'webhookurl', 'paygw_passerelle');

        $mform->addElement('passwordunmask', 'webhooksecret', get_string('webhooksecret', 'paygw_passerelle'));
        $mform->setType('webhooksecret', PARAM_RAW_TRIMMED);
        $mform->addHelpButton('webhooksecret', 'webhooksecret', 'paygw_passerelle');

        $mform->addElement('advcheckbox', 'unenrolonrefund', get_string('unenrolonrefund', 'paygw_passerelle'));
        $mform->addHelpButton('unenrolonrefund', 'unenrolonrefund', 'paygw_passerelle');
    }

    /**
     * An enabled gateway must reach Passerelle with its settings: each field says what is wrong with it. A disabled
     * one may be saved half-done.
     *
     * @param \core_payment\form\account_gateway $form
     * @param \stdClass $data
     * @param array $files
     * @param array $errors form errors, field => message
     */
    public static function validate_gateway_form(\core_payment\form\account_gateway $form, \stdClass $data, array $files,
            array &$errors): void {
        if (empty($data->enabled)) {
            return;
        }
        $problems = connection_check::problems((string) ($data->passerelleurl ?? ''), (string) ($data->apikey ?? ''),
            (string) ($data->webhooksecret ?? ''), !empty($data->unenrolonrefund));
        foreach ($problems as $field => $message) {
            $errors[$field] = $message;
        }
    }
}
