<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use paygw_passerelle\task\check_pending;

/**
 * The scheduled task: asks Passerelle about the open payments that are due, delivers the paid ones (once), keeps going
 * past a failure, and leaves alone what is delivered, closed, not due or older than a week.
 */
class check_pending_test extends standin_testcase {

    protected function setUp(): void {
        parent::setUp();
        $this->fixtures();
    }

    private function due(string $orderid, string $status = 'PENDING', int $created = self::NOW - 3600): stdClass {
        global $DB;
        $row = $this->attempt($orderid, 4550, $status, $created);
        $DB->set_field('paygw_passerelle', 'timenextcheck', self::NOW - 1, ['id' => $row->id]);
        return $this->row((int) $row->id);
    }

    public function test_a_paid_order_whose_webhook_was_lost_is_delivered_by_the_task(): void {
        global $DB;
        $paid = $this->due('order-paid');
        $pending = $this->due('order-pending');
        $unreachable = $this->due('order-unreachable', 'CREATED');
        $this->due('order-cancelled', 'CANCELLED');
        $this->due('order-old', 'PENDING', self::NOW - 8 * 86400);
        $notdue = $this->attempt('order-notdue', 4550, 'PENDING', self::NOW - 60);
        $delivered = $this->due('order-delivered');
        $DB->set_field('paygw_passerelle', 'paymentid', 99, ['id' => $delivered->id]);

        $answers = ['order-paid' => 'PAID', 'order-pending' => 'PENDING'];
        curl::respond($responder = function(array $request) use ($answers) {
            $id = basename($request['url']);
            if (!isset($answers[$id])) {
                return [503, '{"code":"unavailable"}'];
            }
            $row = $GLOBALS['DB']->get_record('paygw_passerelle', ['orderid' => $id]);
            return [200, standin_testcase::order($id, $row->reference, 4550, $answers[$id])];
        });
        curl::respond($responder);
        curl::respond($responder);

        (new check_pending())->execute(self::NOW);

        $asked = array_map('basename', array_column(curl::$requests, 'url'));
        sort($asked);
        $this->assertSame(['order-paid', 'order-pending', 'order-unreachable'], $asked);
        $this->assertNotNull($this->row((int) $paid->id)->paymentid);
        $this->assertSame(1, $this->rows_in('standin_deliveries'));
        $this->assertSame('PENDING', $this->row((int) $pending->id)->status);
        $this->assertGreaterThan(self::NOW, (int) $this->row((int) $pending->id)->timenextcheck);
        $this->assertGreaterThan(self::NOW, (int) $this->row((int) $unreachable->id)->timenextcheck,
            'a failure waits like the others, it does not block the batch');
        $this->assertSame((string) ($notdue->timenextcheck), $this->row((int) $notdue->id)->timenextcheck);
        $this->assertContains('paygw_passerelle: 3 open payment(s) checked (delivered=1, error=1, open=1)',
            standin_debugging::$messages);

        curl::reset();
        (new check_pending())->execute(self::NOW + 1);
        $this->assertSame([], curl::$requests, 'nothing is due a second later');
    }

    public function test_an_abandoned_order_costs_a_few_dozen_questions_over_the_week_then_none(): void {
        $row = $this->attempt('order-abandoned', 4550, 'CREATED', self::NOW);
        $asked = 0;
        $afteraweek = 0;
        for ($now = self::NOW; $now <= self::NOW + 8 * 86400; $now += 300) {   // cron every 5 minutes, for 8 days
            curl::reset();
            curl::respond(function() use ($row) {
                return [200, standin_testcase::order('order-abandoned', $row->reference, 4550, 'CREATED')];
            });
            (new check_pending())->execute($now);
            $asked += count(curl::$requests);
            $afteraweek += $now > self::NOW + 7 * 86400 ? count(curl::$requests) : 0;
        }
        $this->assertSame(38, $asked, 'docs/moodle-plugin.md quotes this figure');
        $this->assertSame(0, $afteraweek);
        $this->assertSame(0, $this->rows_in('payments'));
    }

    public function test_the_task_runs_even_when_the_gateway_is_disabled(): void {
        $task = new check_pending();
        $this->assertTrue($task->get_run_if_component_disabled());
        $this->assertSame('Check open Passerelle payments', $task->get_name());
    }
}
