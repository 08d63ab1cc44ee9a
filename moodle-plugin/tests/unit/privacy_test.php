<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\writer;
use paygw_passerelle\privacy\provider;

/**
 * Personal data: described, exported with the payment or in the user's context, deleted with the payment or on request.
 */
class privacy_test extends standin_testcase {

    protected function setUp(): void {
        parent::setUp();
        $this->fixtures();
    }

    public function test_the_table_and_what_goes_to_passerelle_are_described(): void {
        $collection = provider::get_metadata(new collection());
        $this->assertSame(['table', 'external'], array_column($collection->items, 0));
        $this->assertSame(['paygw_passerelle', 'passerelle'], array_column($collection->items, 1));
        foreach ($collection->items as [, , $fields, $summary]) {
            foreach (array_merge(array_values($fields), [$summary]) as $identifier) {
                $this->assertNotSame('', get_string($identifier, 'paygw_passerelle'));
            }
        }
    }

    public function test_a_payments_attempt_is_exported_with_it_and_deleted_with_it(): void {
        global $DB;
        $row = $this->attempt();
        $paymentid = \core_payment\helper::save_payment($this->account, 'enrol_fee', 'fee', $this->enrol, $this->learner,
            45.5, 'EUR', 'passerelle');
        $DB->set_field('paygw_passerelle', 'paymentid', $paymentid, ['id' => $row->id]);
        $other = $this->attempt('order-2');

        $context = context_course::instance($this->course);
        provider::export_payment_data($context, ['Payments', 'payment-' . $paymentid],
            $DB->get_record('payments', ['id' => $paymentid]));
        [[$subcontext, $data]] = writer::$exported[$context->id];
        $this->assertSame(['Payments', 'payment-' . $paymentid, 'HelloAsso'], $subcontext);
        $this->assertSame('order-1', $data->orderid);
        $this->assertSame('45.50 EUR', $data->amount);

        provider::delete_data_for_payment_sql('SELECT id FROM {payments} WHERE userid = :userid', ['userid' => $this->learner]);
        $this->assertFalse($DB->record_exists('paygw_passerelle', ['id' => $row->id]));
        $this->assertTrue($DB->record_exists('paygw_passerelle', ['id' => $other->id]), 'not a payment: kept');
    }

    public function test_unpaid_attempts_are_the_users_own_data(): void {
        global $DB;
        $this->attempt('order-1');
        $this->attempt('order-2');
        $user = $this->user($this->learner);
        $context = context_user::instance($this->learner);
        $contexts = provider::get_contexts_for_userid($this->learner);
        $this->assertSame(['level' => CONTEXT_USER, 'userid' => $this->learner, 'owner' => $this->learner],
            $contexts->sql[0][1]);

        provider::export_user_data(new approved_contextlist($user, 'paygw_passerelle', [$context]));
        $this->assertCount(2, writer::$exported[$context->id]);
        $this->assertSame(['Passerelle payment attempts', 'moodle-test-order-1'], writer::$exported[$context->id][0][0]);

        provider::delete_data_for_users(new approved_userlist(context_user::instance(999), 'paygw_passerelle', [999]));
        $this->assertSame(2, $this->rows_in('paygw_passerelle'));
        provider::delete_data_for_user(new approved_contextlist($user, 'paygw_passerelle', [$context]));
        $this->assertSame(0, $this->rows_in('paygw_passerelle'));
    }
}
