<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use paygw_passerelle\local\account_config;
use paygw_passerelle\local\settlement;
use paygw_passerelle\local\sync_result;

/**
 * Settling an order: read back from Passerelle, delivered exactly once when paid, never when it does not match, and a
 * full refund ending the enrolment when the account says so.
 */
class settlement_test extends standin_testcase {

    protected function setUp(): void {
        parent::setUp();
        $this->fixtures();
    }

    private function paid(stdClass $row, string $status = 'PAID'): void {
        curl::answer(200, self::order($row->orderid, $row->reference, (int) $row->amount, $status));
    }

    public function test_a_paid_order_is_recorded_and_delivered_once_whoever_asks_again(): void {
        $row = $this->attempt();
        $this->paid($row);
        $result = settlement::sync($row, self::NOW);
        $this->assertSame(sync_result::DELIVERED, $result->outcome);
        $this->assertSame('GET', curl::$requests[0]['method']);
        $this->assertSame(self::PASSERELLE . '/api/v1/orders/order-1', curl::$requests[0]['url']);
        $this->assertContains('Authorization: Bearer ' . self::API_KEY, curl::$requests[0]['headers']);

        $stored = $this->row((int) $row->id);
        $this->assertSame('PAID', $stored->status);
        $this->assertNotNull($stored->paymentid);
        global $DB;
        $payment = $DB->get_record('payments', ['id' => $stored->paymentid]);
        $this->assertSame('passerelle', $payment->gateway);
        $this->assertSame('45.5', $payment->amount);
        $this->assertSame('EUR', $payment->currency);
        $this->assertSame((string) $this->learner, $payment->userid);
        $this->assertSame((string) $this->account, $payment->accountid);
        $this->assertTrue($this->enrolled($this->learner));
        $this->assertSame(1, $this->rows_in('standin_deliveries'));

        // the return page, a webhook and the task all ask again: nothing more happens
        foreach ([1, 2, 3] as $again) {
            $this->paid($row);
            $this->assertSame(sync_result::ALREADY_DELIVERED, settlement::sync($this->row((int) $row->id), self::NOW)->outcome);
        }
        $this->assertSame(1, $this->rows_in('payments'));
        $this->assertSame(1, $this->rows_in('standin_deliveries'));
    }

    public function test_a_partially_refunded_order_is_still_delivered(): void {
        $row = $this->attempt();
        $this->paid($row, 'PARTIALLY_REFUNDED');
        $this->assertSame(sync_result::DELIVERED, settlement::sync($row, self::NOW)->outcome);
    }

    public function test_an_order_that_does_not_match_the_attempt_delivers_nothing(): void {
        $row = $this->attempt('order-1', 4550);
        curl::answer(200, self::order('order-1', $row->reference, 100, 'PAID'));            // another amount
        $this->assertSame(sync_result::MISMATCH, settlement::sync($row, self::NOW)->outcome);
        curl::answer(200, self::order('order-1', 'moodle-other', 4550, 'PAID'));             // another reference
        $this->assertSame(sync_result::MISMATCH, settlement::sync($row, self::NOW)->outcome);
        $order = self::order('order-1', $row->reference, 4550, 'PAID');
        $order['currency'] = 'USD';
        curl::answer(200, $order);
        $this->assertSame(sync_result::MISMATCH, settlement::sync($row, self::NOW)->outcome);
        $this->assertSame(0, $this->rows_in('payments'));
        $this->assertSame(0, $this->rows_in('standin_deliveries'));
        $this->assertSame('PENDING', $this->row((int) $row->id)->status);
    }

    public function test_unpaid_statuses_are_open_or_closed_and_deliver_nothing(): void {
        $cases = ['CREATED' => sync_result::OPEN, 'PENDING' => sync_result::OPEN, 'FAILED' => sync_result::OPEN,
            'EXPIRED' => sync_result::OPEN, 'REFUNDING' => sync_result::OPEN, 'CANCELLED' => sync_result::CLOSED,
            'REFUNDED' => sync_result::CLOSED, 'CONTESTED' => sync_result::CLOSED];
        $i = 0;
        foreach ($cases as $status => $outcome) {
            $row = $this->attempt('order-' . (++$i));
            $this->paid($row, $status);
            $this->assertSame($outcome, settlement::sync($row, self::NOW)->outcome, $status);
            $this->assertSame($status, $this->row((int) $row->id)->status);
        }
        $this->assertSame(0, $this->rows_in('payments'));
    }

    public function test_a_delivery_that_fails_records_nothing_and_is_tried_again(): void {
        global $DB;
        $row = $this->attempt();
        $DB->set_field('enrol', 'enrol', 'gone', ['id' => $this->enrol]);   // enrol_fee cannot find its instance
        $this->paid($row);
        try {
            settlement::sync($row, self::NOW);
            $this->fail('the delivery should have failed');
        } catch (dml_missing_record_exception $expected) {
            $this->assertSame(1, $DB->rollbacks);
        }
        $this->assertSame(0, $this->rows_in('payments'), 'the payments row went with the rollback');
        $this->assertNull($this->row((int) $row->id)->paymentid);

        $DB->set_field('enrol', 'enrol', 'fee', ['id' => $this->enrol]);
        $this->paid($row);
        $this->assertSame(sync_result::DELIVERED, settlement::sync($this->row((int) $row->id), self::NOW)->outcome);
        $this->assertSame(1, $this->rows_in('payments'));
    }

    public function test_two_processes_settling_the_same_paid_order_at_once_deliver_it_once(): void {
        if (!function_exists('pcntl_fork')) {
            $this->markTestSkipped('pcntl is needed to race two processes');
        }
        $row = $this->attempt();
        $order = self::order($row->orderid, $row->reference, (int) $row->amount, 'PAID');
        $config = account_config::for_account($this->account);
        putenv('STANDIN_SLOW_DELIVERY=300');
        $children = [];
        foreach ([1, 2] as $n) {
            $pid = pcntl_fork();
            if ($pid === 0) {
                $outcome = settlement::apply($this->row((int) $row->id), $order, $config, self::NOW)->outcome;
                file_put_contents($this->dataroot . '/outcome-' . $n, $outcome);
                exit(0);
            }
            $children[] = $pid;
        }
        foreach ($children as $pid) {
            pcntl_waitpid($pid, $status);
        }
        putenv('STANDIN_SLOW_DELIVERY');
        $outcomes = [file_get_contents($this->dataroot . '/outcome-1'), file_get_contents($this->dataroot . '/outcome-2')];
        sort($outcomes);
        $this->assertSame([sync_result::ALREADY_DELIVERED, sync_result::DELIVERED], $outcomes);
        $this->assertSame(1, $this->rows_in('payments'), 'the loser\'s payments row was rolled back');
        $this->assertSame(1, $this->rows_in('standin_deliveries'));
    }

    public function test_a_full_refund_ends_the_enrolment_when_the_account_says_so(): void {
        $row = $this->attempt();
        $this->paid($row);
        settlement::sync($row, self::NOW);
        $this->assertTrue($this->enrolled($this->learner));

        $this->paid($row, 'PARTIALLY_REFUNDED');
        settlement::sync($this->row((int) $row->id), self::NOW);
        $this->assertTrue($this->enrolled($this->learner), 'a partial refund keeps the enrolment');

        $this->paid($row, 'REFUNDED');
        $this->assertSame(sync_result::REFUNDED, settlement::sync($this->row((int) $row->id), self::NOW + 10)->outcome);
        $this->assertFalse($this->enrolled($this->learner));
        $this->assertSame((string) (self::NOW + 10), $this->row((int) $row->id)->timerefunded);

        // told again: nothing more
        $this->paid($row, 'REFUNDED');
        $this->assertSame(sync_result::REFUNDED, settlement::sync($this->row((int) $row->id), self::NOW + 20)->outcome);
        $this->assertSame((string) (self::NOW + 10), $this->row((int) $row->id)->timerefunded);
    }

    public function test_a_full_refund_keeps_the_enrolment_when_the_account_does_not_say_so(): void {
        global $DB;
        $DB->set_field('payment_gateways', 'config', json_encode(['passerelleurl' => self::PASSERELLE,
            'apikey' => self::API_KEY, 'webhooksecret' => self::SECRET, 'unenrolonrefund' => 0]), ['accountid' => $this->account]);
        $row = $this->attempt();
        $this->paid($row);
        settlement::sync($row, self::NOW);
        $this->paid($row, 'REFUNDED');
        $this->assertSame(sync_result::REFUNDED, settlement::sync($this->row((int) $row->id), self::NOW)->outcome);
        $this->assertTrue($this->enrolled($this->learner));
    }

    public function test_a_refund_of_one_order_keeps_an_enrolment_another_paid_order_covers(): void {
        $first = $this->attempt('order-1');
        $second = $this->attempt('order-2');
        $this->paid($first);
        settlement::sync($first, self::NOW);
        $this->paid($second);
        settlement::sync($second, self::NOW);   // paid twice (two tabs): delivered twice, the period restarts
        $this->paid($first, 'REFUNDED');
        settlement::sync($this->row((int) $first->id), self::NOW);
        $this->assertTrue($this->enrolled($this->learner));
        $this->paid($second, 'REFUNDED');
        settlement::sync($this->row((int) $second->id), self::NOW);
        $this->assertFalse($this->enrolled($this->learner));
    }

    public function test_open_orders_are_asked_about_again_after_half_their_age(): void {
        $row = (object) ['timecreated' => self::NOW];
        $this->assertSame(self::NOW + 60 + 300, settlement::next_check($row, self::NOW + 60));
        $this->assertSame(self::NOW + 7200 + 3600, settlement::next_check($row, self::NOW + 7200));
        $this->assertSame(self::NOW + 3 * 86400 + 21600, settlement::next_check($row, self::NOW + 3 * 86400));
    }
}
