<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

/**
 * Passerelle could not be asked, or refused: why, in a form the settings page and the logs can explain.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class client_exception extends \moodle_exception {

    /** Moodle's HTTP security settings (blocked hosts, allowed ports) forbid the address. */
    const BLOCKED = 'blocked';
    /** No HTTP answer: refused connection, unknown host, timeout. */
    const UNREACHABLE = 'unreachable';
    /** 401: the API key is wrong or revoked. */
    const UNAUTHORIZED = 'unauthorized';
    /** 404 on an order. */
    const NOT_FOUND = 'notfound';
    /** Something answered, but not Passerelle's API (no JSON). */
    const NOT_PASSERELLE = 'notpasserelle';
    /** Passerelle refused the request: see $status, $code and $detail. */
    const REFUSED = 'refused';

    /** @var string one of the constants above */
    public $kind;
    /** @var int HTTP status, 0 without an answer */
    public $status;
    /** @var string Passerelle's problem code (validation, reference_taken…), or '' */
    public $code;
    /** @var string what Passerelle or curl said */
    public $detail;

    /**
     * @param string $kind one of the constants
     * @param string $url the address asked (never with a secret in it)
     * @param int $status HTTP status, 0 without an answer
     * @param string $code Passerelle's problem code
     * @param string $detail what Passerelle or curl said
     */
    public function __construct(string $kind, string $url, int $status = 0, string $code = '', string $detail = '') {
        $this->kind = $kind;
        $this->status = $status;
        $this->code = $code;
        $this->detail = $detail;
        $a = (object) ['url' => $url, 'status' => $status, 'code' => $code, 'detail' => $detail];
        parent::__construct('error:' . $kind, 'paygw_passerelle', '', $a, $detail);
    }
}
