<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

/**
 * Passerelle's signed webhooks (order.paid, order.refunded…): checked with the payment account's secret, then only a
 * trigger: the order is read back from Passerelle and settled like on the return page, so a webhook received twice
 * delivers once. A forged or an old one (replayed) is refused with 401 and changes nothing.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class webhook {

    /**
     * @param string $method the HTTP method
     * @param array $headers lower-case name => value (webhook-id, webhook-timestamp, webhook-signature)
     * @param string $body the raw body
     * @param int $now the current Unix time
     * @return array [HTTP status, array answered as JSON]
     */
    public static function handle(string $method, array $headers, string $body, int $now): array {
        global $DB;
        if ($method !== 'POST') {
            return [405, ['error' => 'POST only']];
        }
        $id = $headers['webhook-id'] ?? null;
        $timestamp = $headers['webhook-timestamp'] ?? null;
        $signature = $headers['webhook-signature'] ?? null;
        if ($id === null || $timestamp === null || $signature === null) {
            return [400, ['error' => 'webhook-id, webhook-timestamp and webhook-signature are required']];
        }
        $event = json_decode($body, true);
        $orderid = is_array($event) && isset($event['data']['id']) && is_string($event['data']['id'])
            ? $event['data']['id'] : null;
        $row = $orderid === null ? false : $DB->get_record('paygw_passerelle', ['orderid' => $orderid]);

        // The secret of the order's account; for an order of no attempt here, any account's (to answer 401 or 200).
        $configs = [];
        if ($row) {
            $config = account_config::for_account((int) $row->accountid);
            if ($config && $config->webhooksecret !== '') {
                $configs[] = $config;
            }
        } else {
            $configs = account_config::with_webhook_secret();
        }
        $valid = false;
        foreach ($configs as $config) {
            $valid = $valid || signature::verify($config->webhooksecret, $id, $timestamp, $signature, $body, $now);
        }
        if (!$valid) {
            return [401, ['error' => 'invalid signature, unknown secret or timestamp too far from now']];
        }
        if (!is_array($event) || !isset($event['type'])) {
            return [400, ['error' => 'the body is not a Passerelle event']];
        }
        if (!$row) {
            // Passerelle sends every order's events to each endpoint: orders not started here are not ours.
            return [200, ['result' => 'ignored', 'reason' => 'no payment of this site has this order']];
        }
        try {
            $result = settlement::sync($row, $now);
        } catch (\Throwable $e) {
            // Passerelle tries again later (1 min, 5 min, 30 min…); the scheduled task asks meanwhile.
            debugging('paygw_passerelle: webhook ' . $id . ' for order ' . $orderid . ' not settled: ' . $e->getMessage(),
                DEBUG_NORMAL);
            return [503, ['error' => 'could not settle the order now, try again later']];
        }
        return [200, ['result' => $result->outcome, 'status' => $result->status()]];
    }

    /**
     * @param array $server $_SERVER
     * @return array the webhook headers, lower-case names
     */
    public static function headers(array $server): array {
        $headers = [];
        foreach (['webhook-id', 'webhook-timestamp', 'webhook-signature'] as $name) {
            $key = 'HTTP_' . strtoupper(str_replace('-', '_', $name));
            if (isset($server[$key])) {
                $headers[$name] = (string) $server[$key];
            }
        }
        return $headers;
    }
}
