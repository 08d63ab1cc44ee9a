<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\privacy;

use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\contextlist;
use core_privacy\local\request\transform;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;

/**
 * Personal data of the Passerelle gateway: its table (each payment attempt of a user), and what it sends to Passerelle
 * (and through it to HelloAsso) to pre-fill the payment page. Attempts that became payments are exported and deleted
 * with the payment (core_payment); the others are the user's own data, in their user context.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class provider implements
        \core_privacy\local\metadata\provider,
        \core_privacy\local\request\plugin\provider,
        \core_privacy\local\request\core_userlist_provider,
        \core_payment\privacy\paygw_provider {

    /**
     * @param collection $collection
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $collection->add_database_table('paygw_passerelle', [
            'userid' => 'privacy:metadata:paygw_passerelle:userid',
            'amount' => 'privacy:metadata:paygw_passerelle:amount',
            'orderid' => 'privacy:metadata:paygw_passerelle:orderid',
            'status' => 'privacy:metadata:paygw_passerelle:status',
            'timecreated' => 'privacy:metadata:paygw_passerelle:timecreated',
        ], 'privacy:metadata:paygw_passerelle');
        $collection->add_external_location_link('passerelle', [
            'firstname' => 'privacy:metadata:passerelle:firstname',
            'lastname' => 'privacy:metadata:passerelle:lastname',
            'email' => 'privacy:metadata:passerelle:email',
            'country' => 'privacy:metadata:passerelle:country',
            'userid' => 'privacy:metadata:passerelle:userid',
        ], 'privacy:metadata:passerelle');
        return $collection;
    }

    /**
     * Attempts not (yet) paid live in the user's context.
     *
     * @param int $userid
     * @return contextlist
     */
    public static function get_contexts_for_userid(int $userid): contextlist {
        $contextlist = new contextlist();
        $contextlist->add_from_sql(
            'SELECT ctx.id FROM {context} ctx
              WHERE ctx.contextlevel = :level AND ctx.instanceid = :userid
                AND EXISTS (SELECT 1 FROM {paygw_passerelle} p WHERE p.userid = :owner AND p.paymentid IS NULL)',
            ['level' => CONTEXT_USER, 'userid' => $userid, 'owner' => $userid]);
        return $contextlist;
    }

    /**
     * @param userlist $userlist
     */
    public static function get_users_in_context(userlist $userlist) {
        $context = $userlist->get_context();
        if (!$context instanceof \context_user) {
            return;
        }
        $userlist->add_from_sql('userid', 'SELECT userid FROM {paygw_passerelle} WHERE userid = :userid AND paymentid IS NULL',
            ['userid' => $context->instanceid]);
    }

    /**
     * @param approved_contextlist $contextlist
     */
    public static function export_user_data(approved_contextlist $contextlist) {
        global $DB;
        $userid = (int) $contextlist->get_user()->id;
        foreach ($contextlist->get_contexts() as $context) {
            if (!$context instanceof \context_user || (int) $context->instanceid !== $userid) {
                continue;
            }
            $rows = $DB->get_records_select('paygw_passerelle', 'userid = :userid AND paymentid IS NULL',
                ['userid' => $userid], 'timecreated ASC');
            foreach ($rows as $row) {
                writer::with_context($context)->export_data(
                    [get_string('privacy:attempts', 'paygw_passerelle'), $row->reference], self::export($row));
            }
        }
    }

    /**
     * @param \context $context
     */
    public static function delete_data_for_all_users_in_context(\context $context) {
        global $DB;
        if ($context instanceof \context_user) {
            $DB->delete_records_select('paygw_passerelle', 'userid = :userid AND paymentid IS NULL',
                ['userid' => $context->instanceid]);
        }
    }

    /**
     * @param approved_contextlist $contextlist
     */
    public static function delete_data_for_user(approved_contextlist $contextlist) {
        foreach ($contextlist->get_contexts() as $context) {
            if ($context instanceof \context_user && (int) $context->instanceid === (int) $contextlist->get_user()->id) {
                self::delete_data_for_all_users_in_context($context);
            }
        }
    }

    /**
     * @param approved_userlist $userlist
     */
    public static function delete_data_for_users(approved_userlist $userlist) {
        $context = $userlist->get_context();
        if ($context instanceof \context_user && in_array((int) $context->instanceid, $userlist->get_userids())) {
            self::delete_data_for_all_users_in_context($context);
        }
    }

    /**
     * The Passerelle side of a payment, exported beside the payment.
     *
     * @param \context $context
     * @param array $subcontext
     * @param \stdClass $payment a payments row
     */
    public static function export_payment_data(\context $context, array $subcontext, \stdClass $payment) {
        global $DB;
        $row = $DB->get_record('paygw_passerelle', ['paymentid' => $payment->id]);
        if ($row) {
            writer::with_context($context)->export_data(
                array_merge($subcontext, [get_string('gatewayname', 'paygw_passerelle')]), self::export($row));
        }
    }

    /**
     * Called before payments are deleted: their attempts go with them.
     *
     * @param string $paymentsql SQL selecting payments ids
     * @param array $paymentparams its parameters
     */
    public static function delete_data_for_payment_sql(string $paymentsql, array $paymentparams) {
        global $DB;
        $DB->delete_records_select('paygw_passerelle', "paymentid IN ($paymentsql)", $paymentparams);
    }

    /**
     * @param \stdClass $row a paygw_passerelle row
     * @return \stdClass what the user gets of it
     */
    private static function export(\stdClass $row): \stdClass {
        return (object) [
            'orderid' => $row->orderid,
            'reference' => $row->reference,
            'amount' => format_float($row->amount / 100, 2) . ' ' . $row->currency,
            'status' => $row->status,
            'timecreated' => transform::datetime($row->timecreated),
            'timerefunded' => $row->timerefunded ? transform::datetime($row->timerefunded) : null,
        ];
    }
}
