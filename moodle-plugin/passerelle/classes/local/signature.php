<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

/**
 * Passerelle's webhook signatures (Standard Webhooks): "v1," and the base64 HMAC-SHA256 of "id.timestamp.body", keyed
 * with the base64-decoded part of the whsec_ secret, and a timestamp within five minutes of now.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class signature {

    /** Seconds a webhook stays acceptable after it was signed (and before: clocks differ). */
    const TOLERANCE = 300;
    /** What every secret starts with. */
    const PREFIX = 'whsec_';

    /**
     * @param string $secret the endpoint's secret, whsec_...
     * @return bool whether it has the form Passerelle gives (whsec_ and at least 24 bytes of base64)
     */
    public static function is_valid_secret(string $secret): bool {
        if (strpos($secret, self::PREFIX) !== 0) {
            return false;
        }
        $key = base64_decode(substr($secret, strlen(self::PREFIX)), true);
        return $key !== false && strlen($key) >= 24;
    }

    /**
     * What Passerelle shows of an endpoint's secret (GET /api/v1/webhook-endpoints): the first 16 hex digits of the
     * SHA-256 of the whole secret.
     *
     * @param string $secret whsec_...
     * @return string
     */
    public static function fingerprint(string $secret): string {
        return substr(hash('sha256', $secret), 0, 16);
    }

    /**
     * @param string $secret whsec_...
     * @param string $id the webhook-id header
     * @param int $timestamp the webhook-timestamp header
     * @param string $body the raw body
     * @return string the webhook-signature value Passerelle sends
     */
    public static function sign(string $secret, string $id, int $timestamp, string $body): string {
        $key = (string) base64_decode(substr($secret, strlen(self::PREFIX)));
        return 'v1,' . base64_encode(hash_hmac('sha256', $id . '.' . $timestamp . '.' . $body, $key, true));
    }

    /**
     * @param string $secret whsec_...
     * @param string|null $id the webhook-id header
     * @param string|null $timestamp the webhook-timestamp header
     * @param string|null $signatures the webhook-signature header (several, space-separated, during a rotation)
     * @param string $body the raw body, as received
     * @param int $now the current Unix time
     * @return bool true when one signature matches and the timestamp is recent: an old message replayed is refused
     */
    public static function verify(string $secret, ?string $id, ?string $timestamp, ?string $signatures, string $body,
            int $now): bool {
        if (!self::is_valid_secret($secret) || $id === null || $id === '' || $signatures === null
                || $timestamp === null || !preg_match('/^\d{1,12}$/', trim($timestamp))) {
            return false;
        }
        $time = (int) trim($timestamp);
        if (abs($now - $time) > self::TOLERANCE) {
            return false;
        }
        $expected = self::sign($secret, $id, $time, $body);
        foreach (preg_split('/\s+/', trim($signatures)) as $candidate) {
            if (hash_equals($expected, $candidate)) {
                return true;
            }
        }
        return false;
    }
}
