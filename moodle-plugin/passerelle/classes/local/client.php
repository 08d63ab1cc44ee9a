<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/filelib.php');

/**
 * Passerelle's REST API (docs/api.md), through Moodle's curl class so that the site's proxy and HTTP security settings
 * apply. Amounts are cents. The API key travels only in the Authorization header.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class client {

    /** Seconds to wait for an answer; Passerelle answers creations in well under a second. */
    const TIMEOUT = 20;
    /** Seconds to wait for a connection. */
    const CONNECT_TIMEOUT = 5;

    /** @var string Passerelle's address, without a trailing slash */
    private $baseurl;
    /** @var string */
    private $apikey;
    /**
     * @param string $baseurl Passerelle's address, e.g. https://pay.example.org
     * @param string $apikey an API key of that Passerelle
     */
    public function __construct(string $baseurl, string $apikey) {
        $this->baseurl = rtrim(trim($baseurl), '/');
        $this->apikey = trim($apikey);
    }

    /**
     * Creates an order. Sent again once with the same Idempotency-Key when the first answer is lost or says to retry:
     * Passerelle then answers the order it created, never a second one.
     *
     * @param array $body the order (docs/api.md)
     * @param string $idempotencykey derived from the payment attempt
     * @return array the order
     */
    public function create_order(array $body, string $idempotencykey): array {
        $headers = ['Idempotency-Key: ' . $idempotencykey];
        try {
            return $this->request('POST', '/api/v1/orders', $body, $headers);
        } catch (client_exception $e) {
            $again = $e->kind === client_exception::UNREACHABLE || $e->status >= 500
                || in_array($e->code, ['idempotency_in_progress', 'idempotency_retry'], true);
            if (!$again) {
                throw $e;
            }
            return $this->request('POST', '/api/v1/orders', $body, $headers);
        }
    }

    /**
     * @param string $orderid Passerelle's order id
     * @return array the order as Passerelle holds it now
     */
    public function get_order(string $orderid): array {
        return $this->request('GET', '/api/v1/orders/' . rawurlencode($orderid));
    }

    /**
     * Cancels an unpaid order (a paid one answers a refused client_exception with code not_cancellable).
     *
     * @param string $orderid Passerelle's order id
     * @return array the order, now CANCELLED
     */
    public function cancel_order(string $orderid): array {
        return $this->request('POST', '/api/v1/orders/' . rawurlencode($orderid) . '/cancel', []);
    }

    /**
     * @return array the API key this client uses (id, name, prefix): a 401 says it is wrong
     */
    public function key(): array {
        return $this->request('GET', '/api/v1/key');
    }

    /**
     * @param string $url a webhook address
     * @return array the endpoints with exactly this address: url, events, secretFingerprint
     */
    public function webhook_endpoints(string $url): array {
        $answer = $this->request('GET', '/api/v1/webhook-endpoints?url=' . rawurlencode($url));
        return isset($answer['items']) && is_array($answer['items']) ? $answer['items'] : [];
    }

    /**
     * One call: the decoded JSON of a 2xx answer, or a client_exception that says what went wrong.
     *
     * @param string $method GET or POST
     * @param string $path from /api/
     * @param array|null $body sent as a JSON object when not null
     * @param array $headers more headers
     * @return array
     */
    private function request(string $method, string $path, ?array $body = null, array $headers = []): array {
        $url = $this->baseurl . $path;
        $curl = new \curl();
        $curl->setHeader(array_merge([
            'Accept: application/json',
            'Authorization: Bearer ' . $this->apikey,
            'User-Agent: paygw_passerelle (Moodle)',
        ], $body === null ? [] : ['Content-Type: application/json'], $headers));
        $options = ['CURLOPT_TIMEOUT' => self::TIMEOUT, 'CURLOPT_CONNECTTIMEOUT' => self::CONNECT_TIMEOUT];
        if ($method === 'POST') {
            $json = json_encode((object) ($body ?? []), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
            $response = $curl->post($url, $json, $options);
        } else {
            $response = $curl->get($url, [], $options);
        }
        $info = $curl->get_info();
        $status = is_array($info) && isset($info['http_code']) ? (int) $info['http_code'] : 0;
        if ($status === 0) {
            // Moodle's curl answers a blocked address with a message and no errno; a network failure has an errno.
            $kind = empty($curl->get_errno()) && !empty($curl->error) ? client_exception::BLOCKED
                : client_exception::UNREACHABLE;
            throw new client_exception($kind, $url, 0, '', (string) $curl->error);
        }
        $decoded = is_string($response) ? json_decode($response, true) : null;
        if ($status >= 200 && $status < 300) {
            if (!is_array($decoded)) {
                throw new client_exception(client_exception::NOT_PASSERELLE, $url, $status);
            }
            return $decoded;
        }
        if (!is_array($decoded)) {
            throw new client_exception($status === 404 ? client_exception::NOT_PASSERELLE : client_exception::REFUSED,
                $url, $status);
        }
        $code = isset($decoded['code']) && is_string($decoded['code']) ? $decoded['code'] : '';
        $detail = isset($decoded['detail']) && is_string($decoded['detail']) ? $decoded['detail'] : '';
        if ($status === 401) {
            throw new client_exception(client_exception::UNAUTHORIZED, $url, $status, $code, $detail);
        }
        if ($status === 404 && $code === 'not_found') {
            throw new client_exception(client_exception::NOT_FOUND, $url, $status, $code, $detail);
        }
        throw new client_exception($code === '' ? client_exception::NOT_PASSERELLE : client_exception::REFUSED,
            $url, $status, $code, $detail);
    }
}
