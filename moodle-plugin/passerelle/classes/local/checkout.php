<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

use core_payment\helper;

/**
 * Starts a payment from Moodle's payment modal: the amount is computed here from the payable and the gateway's
 * surcharge (never taken from the browser), the order is created at Passerelle, and the learner is sent to its
 * checkout address. A learner who clicks "Pay" again for the same item resumes their open order instead of opening
 * a second one, so an item cannot be paid twice by accident.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class checkout {

    /** HelloAsso's smallest payment, in cents. */
    const MIN_AMOUNT = 50;
    /** Statuses of an order the learner can still pay (Passerelle's checkout address reopens HelloAsso's page). */
    const PAYABLE = ['CREATED', 'PENDING', 'FAILED', 'EXPIRED'];

    /**
     * @param string $component what is paid for, as the payment subsystem names it
     * @param string $paymentarea
     * @param int $itemid
     * @param string $description shown by the pay button (used as the item's name for other components than enrol_fee)
     * @param \stdClass $user the logged-in user, who pays
     * @param int $now the current Unix time
     * @return array status 'redirect' (to url, HelloAsso's page) or 'delivered' (already paid: url is Moodle's success
     *     address), with a message
     */
    public static function start(string $component, string $paymentarea, int $itemid, string $description,
            \stdClass $user, int $now): array {
        if (empty($user->id) || isguestuser($user)) {
            throw new \moodle_exception('error:guest', 'paygw_passerelle');
        }
        $payable = helper::get_payable($component, $paymentarea, $itemid);
        $currency = $payable->get_currency();
        if (!in_array($currency, \paygw_passerelle\gateway::get_supported_currencies(), true)) {
            throw new \moodle_exception('error:currency', 'paygw_passerelle', '', $currency);
        }
        // Refuses unless the payment account and the gateway plugin are enabled.
        helper::get_gateway_configuration($component, $paymentarea, $itemid, settlement::GATEWAY);
        $accountid = (int) $payable->get_account_id();
        $config = account_config::for_account($accountid);
        if (!$config || !$config->enabled || !$config->is_complete()) {
            throw new \moodle_exception('gatewaynotfound', 'payment');
        }
        $cost = helper::get_rounded_cost($payable->get_amount(), $currency,
            helper::get_gateway_surcharge(settlement::GATEWAY));
        $amount = (int) round($cost * 100);
        if ($amount < self::MIN_AMOUNT) {
            throw new \moodle_exception('error:amounttoosmall', 'paygw_passerelle');
        }

        // One start at a time per learner and item: two quick clicks make one order.
        $lock = \core\lock\lock_config::get_lock_factory('paygw_passerelle')
            ->get_lock('start-' . $user->id . '-' . $component . '-' . $paymentarea . '-' . $itemid, 10);
        if (!$lock) {
            throw new \moodle_exception('error:busy', 'paygw_passerelle');
        }
        try {
            if (self::already_enrolled($component, $paymentarea, $itemid, $user, $now)) {
                return self::delivered($component, $paymentarea, $itemid);
            }
            $resumed = self::resume($component, $paymentarea, $itemid, $user, $config, $amount, $now);
            if ($resumed !== null) {
                return $resumed;
            }
            return self::create($component, $paymentarea, $itemid, $description, $user, $config, $amount, $currency,
                $now);
        } finally {
            $lock->release();
        }
    }

    /**
     * The learner's open order for this item, if there is one: paid meanwhile (delivered now), or still payable for
     * the same amount (its checkout address again). An order for another amount (the price changed) is cancelled.
     *
     * @param string $component
     * @param string $paymentarea
     * @param int $itemid
     * @param \stdClass $user
     * @param account_config $config
     * @param int $amount in cents
     * @param int $now
     * @return array|null the answer, or null to create a new order
     */
    private static function resume(string $component, string $paymentarea, int $itemid, \stdClass $user,
            account_config $config, int $amount, int $now): ?array {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal(self::PAYABLE, SQL_PARAMS_NAMED);
        $rows = $DB->get_records_select('paygw_passerelle',
            "userid = :userid AND accountid = :accountid AND component = :component AND paymentarea = :paymentarea
             AND itemid = :itemid AND paymentid IS NULL AND timecreated >= :since AND status $insql",
            $params + ['userid' => $user->id, 'accountid' => $config->accountid, 'component' => $component,
                'paymentarea' => $paymentarea, 'itemid' => $itemid, 'since' => $now - settlement::FOLLOW_FOR],
            'timecreated DESC');
        foreach ($rows as $row) {
            try {
                $result = settlement::sync($row, $now);
            } catch (client_exception $e) {
                if ($e->kind !== client_exception::NOT_FOUND) {
                    throw $e;
                }
                continue;   // Not this key's order (the key was changed): left to the scheduled task, lossless.
            }
            if ($result->is_delivered()) {
                return self::delivered($component, $paymentarea, $itemid);
            }
            if (!in_array($result->status(), self::PAYABLE, true)) {
                continue;
            }
            if ((int) $row->amount === $amount && !empty($result->order['checkoutUrl'])) {
                return ['status' => 'redirect', 'url' => (string) $result->order['checkoutUrl'], 'message' => ''];
            }
            try {
                settlement::apply($row, $config->client()->cancel_order($row->orderid), $config, $now);
            } catch (client_exception $e) {
                if ($e->code !== 'not_cancellable') {
                    throw $e;
                }
                // Paid just now: deliver it rather than start another payment.
                if (settlement::sync($row, $now)->is_delivered()) {
                    return self::delivered($component, $paymentarea, $itemid);
                }
            }
        }
        return null;
    }

    /**
     * Creates the order at Passerelle, then records it. The Idempotency-Key is the attempt's reference, so the
     * client's retry after a lost answer gets the same order back.
     *
     * @param string $component
     * @param string $paymentarea
     * @param int $itemid
     * @param string $description
     * @param \stdClass $user
     * @param account_config $config
     * @param int $amount in cents
     * @param string $currency
     * @param int $now
     * @return array the answer
     */
    private static function create(string $component, string $paymentarea, int $itemid, string $description,
            \stdClass $user, account_config $config, int $amount, string $currency, int $now): array {
        global $CFG, $DB;
        $reference = 'moodle-' . substr(sha1((string) ($CFG->siteidentifier ?? $CFG->wwwroot)), 0, 8) . '-'
            . $user->id . '-' . random_string(12);
        $token = random_string(32);
        $returnurl = new \moodle_url('/payment/gateway/passerelle/return.php', ['ref' => $reference, 'token' => $token]);
        $body = [
            'itemName' => self::item_name($component, $paymentarea, $itemid, $description),
            'amount' => $amount,
            'reference' => $reference,
            'metadata' => [
                'source' => 'paygw_passerelle',
                'site' => $CFG->wwwroot,
                'component' => $component,
                'paymentArea' => $paymentarea,
                'itemId' => $itemid,
                'userId' => (int) $user->id,
                'accountId' => $config->accountid,
            ],
            'returnUrl' => $returnurl->out(false),
            'autoReturn' => true,
        ];
        $payer = self::payer($user);
        if ($payer) {
            $body['payer'] = $payer;
        }
        $order = $config->client()->create_order($body, $reference);
        if (!isset($order['id'], $order['checkoutUrl'], $order['status']) || ($order['reference'] ?? null) !== $reference
                || (int) ($order['amount'] ?? 0) !== $amount) {
            throw new client_exception(client_exception::NOT_PASSERELLE, $config->url . '/api/v1/orders', 201);
        }
        $DB->insert_record('paygw_passerelle', (object) [
            'accountid' => $config->accountid,
            'component' => $component,
            'paymentarea' => $paymentarea,
            'itemid' => $itemid,
            'userid' => $user->id,
            'amount' => $amount,
            'currency' => $currency,
            'reference' => $reference,
            'token' => $token,
            'orderid' => (string) $order['id'],
            'status' => (string) $order['status'],
            'timecreated' => $now,
            'timemodified' => $now,
            'timenextcheck' => $now + settlement::MIN_WAIT,
        ]);
        return ['status' => 'redirect', 'url' => (string) $order['checkoutUrl'], 'message' => ''];
    }

    /**
     * An enrolment on payment already paid for (in another tab, or delivered by the webhook while the modal was open)
     * is not charged again, as enrol_fee itself offers no payment to an enrolled learner. Other components may sell
     * an item more than once: only their open orders are resumed.
     *
     * @param string $component
     * @param string $paymentarea
     * @param int $itemid
     * @param \stdClass $user
     * @param int $now
     * @return bool
     */
    private static function already_enrolled(string $component, string $paymentarea, int $itemid, \stdClass $user,
            int $now): bool {
        global $DB;
        if ($component !== 'enrol_fee' || $paymentarea !== 'fee') {
            return false;
        }
        $enrolment = $DB->get_record('user_enrolments', ['enrolid' => $itemid, 'userid' => $user->id]);
        return $enrolment && (int) $enrolment->status === 0
            && ((int) $enrolment->timeend === 0 || (int) $enrolment->timeend > $now);
    }

    /**
     * @param string $component
     * @param string $paymentarea
     * @param int $itemid
     * @return array the answer for an item already paid and delivered
     */
    private static function delivered(string $component, string $paymentarea, int $itemid): array {
        return ['status' => 'delivered', 'url' => helper::get_success_url($component, $paymentarea, $itemid)->out(false),
            'message' => get_string('alreadypaid', 'paygw_passerelle')];
    }

    /**
     * The name HelloAsso shows on its page and receipt: the course's name for an enrolment, else the pay button's
     * description.
     *
     * @param string $component
     * @param string $paymentarea
     * @param int $itemid
     * @param string $description
     * @return string at most 250 characters
     */
    public static function item_name(string $component, string $paymentarea, int $itemid, string $description): string {
        global $DB;
        $name = '';
        if ($component === 'enrol_fee' && $paymentarea === 'fee') {
            $courseid = $DB->get_field('enrol', 'courseid', ['id' => $itemid, 'enrol' => 'fee']);
            $fullname = $courseid ? $DB->get_field('course', 'fullname', ['id' => $courseid]) : false;
            if ($fullname !== false) {
                $course = self::plain(format_string($fullname, true, ['context' => \context_course::instance($courseid)]));
                $name = get_string('itemname:enrol', 'paygw_passerelle', $course);
            }
        }
        if ($name === '') {
            $name = self::plain(clean_param($description, PARAM_TEXT));
        }
        if ($name === '') {
            $name = get_string('itemname:other', 'paygw_passerelle', $component . ' ' . $paymentarea . ' ' . $itemid);
        }
        return \core_text::substr($name, 0, 250);
    }

    /**
     * What Passerelle pre-fills on HelloAsso's page from the Moodle profile (only what is there and valid).
     *
     * @param \stdClass $user
     * @return array
     */
    public static function payer(\stdClass $user): array {
        $payer = [];
        foreach (['firstName' => 'firstname', 'lastName' => 'lastname'] as $field => $property) {
            $value = trim((string) ($user->$property ?? ''));
            if ($value !== '') {
                $payer[$field] = \core_text::substr($value, 0, 255);
            }
        }
        $email = trim((string) ($user->email ?? ''));
        if ($email !== '' && strlen($email) <= 255 && validate_email($email)) {
            $payer['email'] = $email;
        }
        $country = countries::alpha3($user->country ?? null);
        if ($country !== null) {
            $payer['country'] = $country;
        }
        return $payer;
    }

    /**
     * @param string $text formatted text
     * @return string the same as plain text on one line
     */
    private static function plain(string $text): string {
        $plain = html_entity_decode(strip_tags($text), ENT_QUOTES | ENT_HTML5, 'UTF-8');
        return trim(preg_replace('/\s+/u', ' ', $plain));
    }
}
