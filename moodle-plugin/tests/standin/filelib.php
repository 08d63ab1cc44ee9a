<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

/**
 * A stand-in for Moodle's curl class (lib/filelib.php): real HTTP with PHP's curl, the same calls (setHeader, get,
 * post, get_info, get_errno, error), and Moodle's behaviour for an address its HTTP security settings block: the body
 * is the string "The URL is blocked.", error is set, errno stays 0 and info is empty. Unit tests queue answers with
 * curl::answer() and read curl::$requests; Moodle's own mock_response() always answers 200, this one takes a status.
 */
class curl {
    /** @var array answers queued by tests, first in first out: [status, body], a network failure, or a callable */
    public static $answers = [];
    /** @var array every request: method, url, headers, body */
    public static $requests = [];

    public $error = '';
    private $errno = 0;
    private $info = [];
    private $headers = [];

    public function __construct($settings = []) {
    }

    public static function answer(int $status, $body): void {
        self::$answers[] = [$status, is_string($body) ? $body : json_encode($body)];
    }

    /** Queues an answer computed from the request: fn(array $request): [status, body as array or string]. */
    public static function respond(callable $responder): void {
        self::$answers[] = $responder;
    }

    public static function fail_next(int $errno, string $message): void {
        self::$answers[] = [$errno, $message, 'failure'];
    }

    public static function reset(): void {
        self::$answers = [];
        self::$requests = [];
    }

    public function setHeader($header) {
        foreach ((array) $header as $value) {
            $this->headers[] = preg_replace('/[\r\n]/', '', $value);
        }
    }

    public function get($url, $params = [], $options = []) {
        if (!empty($params)) {
            $url .= (strpos($url, '?') !== false ? '&' : '?') . http_build_query($params, '', '&');
        }
        return $this->request('GET', $url, null, $options);
    }

    public function post($url, $params = '', $options = []) {
        return $this->request('POST', $url, is_array($params) ? http_build_query($params) : (string) $params, $options);
    }

    public function get_info() {
        return $this->info;
    }

    public function get_errno() {
        return $this->errno;
    }

    private function request(string $method, string $url, ?string $body, array $options) {
        $this->error = '';
        $this->errno = 0;
        $this->info = [];
        self::$requests[] = ['method' => $method, 'url' => $url, 'headers' => $this->headers, 'body' => $body];
        if ($this->blocked($url)) {
            $this->error = 'The URL is blocked.';
            return $this->error;
        }
        if (self::$answers) {
            $answer = array_shift(self::$answers);
            if (is_callable($answer)) {
                [$status, $reply] = $answer(end(self::$requests));
                $answer = [$status, is_string($reply) ? $reply : json_encode($reply)];
            }
            if (isset($answer[2])) {
                $this->errno = $answer[0];
                $this->error = $answer[1];
                $this->info = ['http_code' => 0];
                return false;
            }
            $this->info = ['http_code' => $answer[0]];
            return $answer[1];
        }
        $handle = curl_init($url);
        curl_setopt_array($handle, [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HTTPHEADER => $this->headers,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_TIMEOUT => (int) ($options['CURLOPT_TIMEOUT'] ?? 30),
            CURLOPT_CONNECTTIMEOUT => (int) ($options['CURLOPT_CONNECTTIMEOUT'] ?? 10),
        ]);
        if ($method === 'POST') {
            curl_setopt($handle, CURLOPT_POST, true);
            curl_setopt($handle, CURLOPT_POSTFIELDS, $body);
        }
        $response = curl_exec($handle);
        $this->info = curl_getinfo($handle);
        $this->error = curl_error($handle);
        $this->errno = curl_errno($handle);
        curl_close($handle);
        return $response;
    }

    /** Moodle's check, simplified: the host (name or IPv4 in a CIDR range) in the blocked list, or a port not allowed. */
    private function blocked(string $url): bool {
        global $CFG;
        $parts = parse_url($url);
        $host = strtolower($parts['host'] ?? '');
        $port = $parts['port'] ?? (($parts['scheme'] ?? '') === 'https' ? 443 : 80);
        $ports = array_filter(array_map('trim', explode("\n", (string) ($CFG->curlsecurityallowedport ?? ''))));
        if ($ports && !in_array((string) $port, $ports, true)) {
            return true;
        }
        foreach (array_filter(array_map('trim', explode("\n", (string) ($CFG->curlsecurityblockedhosts ?? '')))) as $entry) {
            if (strtolower($entry) === $host) {
                return true;
            }
            if (strpos($entry, '/') !== false && filter_var($host, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4)) {
                [$network, $bits] = explode('/', $entry);
                $mask = -1 << (32 - (int) $bits);
                if ((ip2long($host) & $mask) === (ip2long($network) & $mask)) {
                    return true;
                }
            }
        }
        return false;
    }
}
