<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\external;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../../locallib.php');

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_single_structure;
use core_external\external_value;
use paygw_passerelle\local\checkout;

/**
 * Web service behind the modal's "Proceed": starts (or resumes) the logged-in user's payment of an item and answers
 * where to send them. The amount is computed on the server.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class start_payment extends external_api {

    /**
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'component' => new external_value(PARAM_COMPONENT, 'The component of the item paid for'),
            'paymentarea' => new external_value(PARAM_AREA, 'The payment area in that component'),
            'itemid' => new external_value(PARAM_INT, 'The item in that payment area'),
            'description' => new external_value(PARAM_TEXT, 'The pay button\'s description', VALUE_DEFAULT, ''),
        ]);
    }

    /**
     * @param string $component
     * @param string $paymentarea
     * @param int $itemid
     * @param string $description
     * @return array status, url, message
     */
    public static function execute(string $component, string $paymentarea, int $itemid, string $description = ''): array {
        global $USER;
        $params = self::validate_parameters(self::execute_parameters(), [
            'component' => $component,
            'paymentarea' => $paymentarea,
            'itemid' => $itemid,
            'description' => $description,
        ]);
        self::validate_context(\context_system::instance());
        return checkout::start($params['component'], $params['paymentarea'], $params['itemid'], $params['description'],
            $USER, time());
    }

    /**
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'status' => new external_value(PARAM_ALPHA,
                'redirect: send the user to url (HelloAsso\'s page); delivered: already paid, url is the success page'),
            'url' => new external_value(PARAM_URL, 'Where to send the user'),
            'message' => new external_value(PARAM_TEXT, 'What to tell the user, if anything'),
        ]);
    }
}
