<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

use core_payment\helper;

/**
 * What the learner sees when Passerelle sends them back from HelloAsso: nothing in the address is trusted but which
 * attempt it is (its reference and random token), and only its own learner may open it. The order is read back from
 * Passerelle: paid, it is delivered (once) and the learner goes on to Moodle's success page; otherwise the page says
 * what happened and what to do.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class return_page {

    /** Paid and delivered: go on to successurl. */
    const PAID = 'paid';
    /** Not paid yet (waiting for the bank, or the learner left HelloAsso's page): it will be delivered if it is paid. */
    const WAITING = 'waiting';
    /** HelloAsso refused the payment: payurl tries again. */
    const REFUSED = 'refused';
    /** Cancelled, refunded or disputed. */
    const CLOSED = 'closed';
    /** Passerelle could not be asked now. */
    const UNAVAILABLE = 'unavailable';

    /** Seconds after the attempt started during which the waiting page reloads itself. */
    const REFRESH_FOR = 900;

    /**
     * @param string $reference from the address
     * @param string $token from the address
     * @param \stdClass $user the logged-in user
     * @param int $now the current Unix time
     * @return array kind (a constant), successurl (\moodle_url), payurl and orderurl (Passerelle's, or null), refresh
     *     (whether the page should reload itself)
     */
    public static function decide(string $reference, string $token, \stdClass $user, int $now): array {
        global $DB;
        $row = $reference === '' ? false : $DB->get_record('paygw_passerelle', ['reference' => $reference]);
        if (!$row || $token === '' || !hash_equals((string) $row->token, $token)) {
            throw new \moodle_exception('error:unknownpayment', 'paygw_passerelle');
        }
        if ((int) $row->userid !== (int) $user->id) {
            throw new \moodle_exception('error:notyourpayment', 'paygw_passerelle');
        }
        $view = ['kind' => self::UNAVAILABLE, 'payurl' => null, 'orderurl' => null, 'refresh' => false,
            'successurl' => helper::get_success_url($row->component, $row->paymentarea, (int) $row->itemid)];
        try {
            $result = settlement::sync($row, $now);
        } catch (\Throwable $e) {
            debugging('paygw_passerelle: return of order ' . $row->orderid . ': ' . $e->getMessage(), DEBUG_NORMAL);
            return $view;
        }
        if ($result->outcome === sync_result::MISMATCH) {
            return $view;
        }
        $status = $result->status();
        $view['orderurl'] = $result->order['orderUrl'] ?? null;
        if ($result->is_delivered()) {
            $view['kind'] = empty($row->timerefunded) ? self::PAID : self::CLOSED;
        } else if ($status === 'FAILED') {
            $view['kind'] = self::REFUSED;
            $view['payurl'] = $result->order['checkoutUrl'] ?? null;
        } else if (in_array($status, checkout::PAYABLE, true)) {
            $view['kind'] = self::WAITING;
            $view['payurl'] = $result->order['checkoutUrl'] ?? null;
            $view['refresh'] = $now - (int) $row->timecreated < self::REFRESH_FOR;
        } else if ($status === 'REFUNDING') {
            $view['kind'] = self::WAITING;
        } else {
            $view['kind'] = self::CLOSED;
        }
        return $view;
    }
}
