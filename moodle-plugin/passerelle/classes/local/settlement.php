<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

use core_payment\helper;

/**
 * The one way an order is settled, whoever asks (the return page, the webhook, the scheduled task, a second click on
 * "Pay"): read the order back from Passerelle, and if it is paid and not delivered yet, record the payment and
 * deliver the item in one transaction that only one request can win.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class settlement {

    /** The gateway's name in the payments table. */
    const GATEWAY = 'passerelle';
    /** Passerelle verified the money with HelloAsso: the item is due (a partial refund leaves it due). */
    const DELIVERABLE = ['PAID', 'PARTIALLY_REFUNDED'];
    /** Not paid yet, but may still be: the scheduled task keeps asking. */
    const OPEN = ['CREATED', 'PENDING', 'FAILED', 'EXPIRED', 'REFUNDING'];
    /** How long the scheduled task keeps asking about an open order (Passerelle retries webhooks for 3 days). */
    const FOLLOW_FOR = 604800;
    /** Shortest and longest wait between two questions about an open order. */
    const MIN_WAIT = 300;
    /** @var int */
    const MAX_WAIT = 21600;

    /**
     * Reads the attempt's order from Passerelle and acts on it.
     *
     * @param \stdClass $row a paygw_passerelle row
     * @param int $now the current Unix time
     * @return sync_result
     */
    public static function sync(\stdClass $row, int $now): sync_result {
        $config = account_config::for_account((int) $row->accountid);
        if (!$config) {
            throw new \moodle_exception('error:notconfigured', 'paygw_passerelle', '', $row->accountid);
        }
        return self::apply($row, $config->client()->get_order($row->orderid), $config, $now);
    }

    /**
     * Acts on the order as Passerelle just answered it.
     *
     * @param \stdClass $row a paygw_passerelle row (updated in place)
     * @param array $order the order from Passerelle's API
     * @param account_config $config the settings of the row's account
     * @param int $now the current Unix time
     * @return sync_result
     */
    public static function apply(\stdClass $row, array $order, account_config $config, int $now): sync_result {
        global $DB;
        if (!self::matches($row, $order)) {
            debugging('paygw_passerelle: Passerelle order ' . $row->orderid . ' does not match payment attempt '
                . $row->id . ' (reference, amount or currency): nothing delivered', DEBUG_NORMAL);
            return new sync_result(sync_result::MISMATCH, $order);
        }
        $status = (string) $order['status'];
        $row->status = $status;
        $row->timemodified = $now;
        $row->timenextcheck = self::next_check($row, $now);
        $DB->update_record('paygw_passerelle', (object) ['id' => $row->id, 'status' => $status,
            'timemodified' => $now, 'timenextcheck' => $row->timenextcheck]);

        if (empty($row->paymentid)) {
            if (in_array($status, self::DELIVERABLE, true)) {
                $outcome = self::deliver($row, $now) ? sync_result::DELIVERED : sync_result::ALREADY_DELIVERED;
                return new sync_result($outcome, $order);
            }
            return new sync_result(in_array($status, self::OPEN, true) ? sync_result::OPEN : sync_result::CLOSED, $order);
        }
        if ($status === 'REFUNDED' && empty($row->timerefunded)) {
            self::refunded($row, $config, $now);
            return new sync_result(sync_result::REFUNDED, $order);
        }
        return new sync_result(empty($row->timerefunded) ? sync_result::ALREADY_DELIVERED : sync_result::REFUNDED, $order);
    }

    /**
     * When the scheduled task should ask about an open order again: half its age, between 5 minutes and 6 hours, so
     * a fresh attempt is followed closely and an abandoned one costs a few dozen requests over a week.
     *
     * @param \stdClass $row a paygw_passerelle row
     * @param int $now the current Unix time
     * @return int Unix time
     */
    public static function next_check(\stdClass $row, int $now): int {
        $age = max(0, $now - (int) $row->timecreated);
        return $now + max(self::MIN_WAIT, min(self::MAX_WAIT, intdiv($age, 2)));
    }

    /**
     * @param \stdClass $row a paygw_passerelle row
     * @param array $order from Passerelle
     * @return bool the order is the attempt's: same id, reference, amount and currency
     */
    private static function matches(\stdClass $row, array $order): bool {
        return isset($order['id'], $order['reference'], $order['amount'], $order['currency'], $order['status'])
            && $order['id'] === $row->orderid
            && $order['reference'] === $row->reference
            && (int) $order['amount'] === (int) $row->amount
            && $order['currency'] === $row->currency;
    }

    /**
     * Records the payment and delivers the item, exactly once: the transaction that sets the row's paymentid first
     * wins; any other one sees it set, rolls back (its payments row too) and delivers nothing.
     *
     * @param \stdClass $row a paygw_passerelle row without paymentid (updated in place)
     * @param int $now the current Unix time
     * @return bool true when this call delivered, false when another one had
     */
    private static function deliver(\stdClass $row, int $now): bool {
        global $DB;
        $transaction = $DB->start_delegated_transaction();
        try {
            $paymentid = helper::save_payment((int) $row->accountid, $row->component, $row->paymentarea,
                (int) $row->itemid, (int) $row->userid, $row->amount / 100, $row->currency, self::GATEWAY);
            $DB->execute('UPDATE {paygw_passerelle} SET paymentid = :paymentid, timemodified = :now
                           WHERE id = :id AND paymentid IS NULL',
                ['paymentid' => $paymentid, 'now' => $now, 'id' => $row->id]);
            if ((int) $DB->get_field('paygw_passerelle', 'paymentid', ['id' => $row->id]) !== (int) $paymentid) {
                throw new already_delivered($row->orderid);
            }
            if (!helper::deliver_order($row->component, $row->paymentarea, (int) $row->itemid, (int) $paymentid,
                    (int) $row->userid)) {
                throw new \moodle_exception('error:deliveryrefused', 'paygw_passerelle', '', $row->component);
            }
            $transaction->allow_commit();
        } catch (already_delivered $lost) {
            try {
                $transaction->rollback($lost);
            } catch (already_delivered $rethrown) {
                // Moodle rethrows what it rolled back for: expected here.
                unset($rethrown);
            }
            $row->paymentid = (int) $DB->get_field('paygw_passerelle', 'paymentid', ['id' => $row->id]);
            return false;
        } catch (\Throwable $e) {
            // Nothing is recorded: the next webhook, return or task run tries again.
            $transaction->rollback($e);
        }
        $row->paymentid = $paymentid;
        return true;
    }

    /**
     * A delivered order was fully refunded in Passerelle: noted, and, when the account says so, the enrolment paid for
     * ends through its enrolment instance (unless another paid attempt of the same user still covers it). Two requests
     * seeing the refund at once both unenrol: the second finds nobody to unenrol.
     *
     * @param \stdClass $row a delivered paygw_passerelle row (updated in place)
     * @param account_config $config its account's settings
     * @param int $now the current Unix time
     * @return bool the enrolment was ended
     */
    private static function refunded(\stdClass $row, account_config $config, int $now): bool {
        global $DB;
        $DB->set_field('paygw_passerelle', 'timerefunded', $now, ['id' => $row->id]);
        $row->timerefunded = $now;
        if (!$config->unenrolonrefund || $row->component !== 'enrol_fee' || $row->paymentarea !== 'fee') {
            return false;
        }
        $instance = $DB->get_record('enrol', ['id' => $row->itemid, 'enrol' => 'fee']);
        if (!$instance) {
            return false;
        }
        $stillpaid = $DB->count_records_select('paygw_passerelle',
            'userid = :userid AND component = :component AND paymentarea = :paymentarea AND itemid = :itemid
             AND paymentid IS NOT NULL AND timerefunded IS NULL AND id <> :id',
            ['userid' => $row->userid, 'component' => $row->component, 'paymentarea' => $row->paymentarea,
             'itemid' => $row->itemid, 'id' => $row->id]);
        if ($stillpaid > 0) {
            return false;
        }
        enrol_get_plugin('fee')->unenrol_user($instance, (int) $row->userid);
        return true;
    }
}
