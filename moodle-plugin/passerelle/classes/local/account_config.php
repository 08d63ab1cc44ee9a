<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

/**
 * The Passerelle settings of one payment account, as saved by the account's gateway form (payment_gateways.config):
 * Passerelle's address, the API key, the webhook secret, and whether a full refund ends the enrolment.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class account_config {

    /** @var int */
    public $accountid;
    /** @var bool the gateway is enabled in this account */
    public $enabled;
    /** @var string Passerelle's address, without a trailing slash */
    public $url;
    /** @var string */
    public $apikey;
    /** @var string whsec_... */
    public $webhooksecret;
    /** @var bool a full refund in Passerelle ends the enrolment (enrol_fee) */
    public $unenrolonrefund;

    /**
     * @param int $accountid the payment account
     * @param bool $enabled the gateway is enabled in it
     * @param array $config the decoded configuration
     */
    public function __construct(int $accountid, bool $enabled, array $config) {
        $this->accountid = $accountid;
        $this->enabled = $enabled;
        $this->url = rtrim(trim((string) ($config['passerelleurl'] ?? '')), '/');
        $this->apikey = trim((string) ($config['apikey'] ?? ''));
        $this->webhooksecret = trim((string) ($config['webhooksecret'] ?? ''));
        $this->unenrolonrefund = !empty($config['unenrolonrefund']);
    }

    /**
     * @param int $accountid a payment account
     * @return self|null its Passerelle settings, null when the gateway was never configured in it
     */
    public static function for_account(int $accountid): ?self {
        $record = \core_payment\account_gateway::get_record(['accountid' => $accountid, 'gateway' => 'passerelle']);
        if (!$record) {
            return null;
        }
        return new self($accountid, (bool) $record->get('enabled'), $record->get_configuration());
    }

    /**
     * @return self[] every account's Passerelle settings that carry a webhook secret (to check a webhook with)
     */
    public static function with_webhook_secret(): array {
        $all = [];
        foreach (\core_payment\account_gateway::get_records(['gateway' => 'passerelle']) as $record) {
            $config = new self((int) $record->get('accountid'), (bool) $record->get('enabled'),
                $record->get_configuration());
            if ($config->webhooksecret !== '') {
                $all[] = $config;
            }
        }
        return $all;
    }

    /**
     * @return bool enough to talk to Passerelle
     */
    public function is_complete(): bool {
        return $this->url !== '' && $this->apikey !== '';
    }

    /**
     * @return client a client of this account's Passerelle
     */
    public function client(): client {
        if (!$this->is_complete()) {
            throw new \moodle_exception('error:notconfigured', 'paygw_passerelle', '', $this->accountid);
        }
        return new client($this->url, $this->apikey);
    }
}
