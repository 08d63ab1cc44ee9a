<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

/**
 * Checks a payment account's Passerelle settings against Passerelle itself, as the account's gateway form is saved:
 * the address answers as Passerelle's API and Moodle may call it, the API key is accepted, and Passerelle has a
 * webhook endpoint for this site with the same secret and the events the plugin needs. Each problem names its field.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class connection_check {

    /**
     * @param string $url Passerelle's address
     * @param string $apikey
     * @param string $secret the webhook secret
     * @param bool $unenrolonrefund whether refunds end enrolments (then order.refunded is needed too)
     * @return array form field => what is wrong; empty when everything is right
     */
    public static function problems(string $url, string $apikey, string $secret, bool $unenrolonrefund): array {
        $url = rtrim(trim($url), '/');
        $errors = [];
        if (!preg_match('#^https?://[^/\s?\#]+(/[^\s?\#]*)?$#i', $url)) {
            $errors['passerelleurl'] = get_string('check:url', 'paygw_passerelle');
        }
        if (trim($apikey) === '') {
            $errors['apikey'] = get_string('check:apikeyrequired', 'paygw_passerelle');
        }
        if (!signature::is_valid_secret(trim($secret))) {
            $errors['webhooksecret'] = get_string('check:secretform', 'paygw_passerelle');
        }
        if ($errors) {
            return $errors;
        }

        $client = new client($url, $apikey);
        try {
            $client->key();
            $webhookurl = \paygw_passerelle\gateway::webhook_url()->out(false);
            $endpoints = $client->webhook_endpoints($webhookurl);
        } catch (client_exception $e) {
            return [$e->kind === client_exception::UNAUTHORIZED ? 'apikey' : 'passerelleurl' => self::explain($e, $url)];
        }
        $mine = array_filter($endpoints, function($endpoint) use ($secret) {
            return isset($endpoint['secretFingerprint'])
                && hash_equals((string) $endpoint['secretFingerprint'], signature::fingerprint(trim($secret)));
        });
        if (!$endpoints) {
            return ['webhooksecret' => get_string('check:noendpoint', 'paygw_passerelle', $webhookurl)];
        }
        if (!$mine) {
            return ['webhooksecret' => get_string('check:wrongsecret', 'paygw_passerelle', $webhookurl)];
        }
        $events = reset($mine)['events'] ?? [];
        $needed = $unenrolonrefund ? ['order.paid', 'order.refunded'] : ['order.paid'];
        $missing = $events ? array_diff($needed, $events) : [];
        if ($missing) {
            return ['webhooksecret' => get_string('check:events', 'paygw_passerelle', implode(', ', $missing))];
        }
        return [];
    }

    /**
     * @param client_exception $e what happened
     * @param string $url Passerelle's address
     * @return string what to do about it
     */
    private static function explain(client_exception $e, string $url): string {
        $parts = parse_url($url);
        $a = (object) [
            'url' => $url,
            'host' => $parts['host'] ?? '',
            'port' => $parts['port'] ?? ((($parts['scheme'] ?? '') === 'https') ? 443 : 80),
            'status' => $e->status,
            'detail' => $e->detail,
        ];
        switch ($e->kind) {
            case client_exception::BLOCKED:
                return get_string('check:blocked', 'paygw_passerelle', $a);
            case client_exception::UNREACHABLE:
                return get_string('check:unreachable', 'paygw_passerelle', $a);
            case client_exception::UNAUTHORIZED:
                return get_string('check:apikey', 'paygw_passerelle', $a);
            default:
                return get_string('check:notpasserelle', 'paygw_passerelle', $a);
        }
    }
}
