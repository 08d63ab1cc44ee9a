<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use paygw_passerelle\local\signature;
use paygw_passerelle\local\webhook;

/**
 * The webhook endpoint: a signed event only triggers reading the order back; forged, old (replayed) or malformed
 * requests are refused and change nothing; events about orders of no attempt here are acknowledged and ignored.
 */
class webhook_test extends standin_testcase {

    protected function setUp(): void {
        parent::setUp();
        $this->fixtures();
    }

    private static function event(string $orderid, string $type = 'order.paid'): string {
        return json_encode(['type' => $type, 'timestamp' => '2026-12-03T10:05:00Z',
            'data' => ['id' => $orderid, 'status' => 'PAID']]);
    }

    private static function headers(string $body, int $at, string $secret = self::SECRET, string $id = 'msg_1'): array {
        return ['webhook-id' => $id, 'webhook-timestamp' => (string) $at,
            'webhook-signature' => signature::sign($secret, $id, $at, $body)];
    }

    public function test_a_signed_order_paid_delivers_once_however_often_it_comes(): void {
        $row = $this->attempt();
        $body = self::event('order-1');
        foreach (['delivered', 'alreadydelivered', 'alreadydelivered'] as $expected) {
            curl::answer(200, self::order('order-1', $row->reference, 4550, 'PAID'));
            [$status, $answer] = webhook::handle('POST', self::headers($body, self::NOW), $body, self::NOW + 5);
            $this->assertSame(200, $status);
            $this->assertSame($expected, $answer['result']);
        }
        $this->assertSame(1, $this->rows_in('standin_deliveries'));
        $this->assertCount(3, curl::$requests, 'each time the order is read back from Passerelle, not taken from the body');
    }

    public function test_the_body_is_never_trusted_for_the_status(): void {
        $row = $this->attempt();
        curl::answer(200, self::order('order-1', $row->reference, 4550, 'PENDING'));
        $body = self::event('order-1');   // claims PAID
        [$status, $answer] = webhook::handle('POST', self::headers($body, self::NOW), $body, self::NOW);
        $this->assertSame(200, $status);
        $this->assertSame('open', $answer['result']);
        $this->assertSame(0, $this->rows_in('payments'));
    }

    public function test_forged_and_replayed_webhooks_are_refused_without_asking_passerelle(): void {
        $this->attempt();
        $body = self::event('order-1');
        $forged = self::headers($body, self::NOW, 'whsec_' . base64_encode(str_repeat('x', 32)));
        $this->assertSame(401, webhook::handle('POST', $forged, $body, self::NOW)[0]);
        $changed = self::headers($body, self::NOW);
        $this->assertSame(401, webhook::handle('POST', $changed, str_replace('PAID', 'PAYD', $body), self::NOW)[0]);
        $old = self::headers($body, self::NOW - 600);
        $this->assertSame(401, webhook::handle('POST', $old, $body, self::NOW)[0], 'captured ten minutes ago');
        $this->assertSame([], curl::$requests);
        $this->assertSame(0, $this->rows_in('payments'));
    }

    public function test_events_of_orders_not_started_here_are_acknowledged_only_when_signed(): void {
        $body = self::event('someone-elses-order');
        [$status, $answer] = webhook::handle('POST', self::headers($body, self::NOW), $body, self::NOW);
        $this->assertSame(200, $status);
        $this->assertSame('ignored', $answer['result']);
        $this->assertSame(401, webhook::handle('POST', self::headers($body, self::NOW, 'whsec_' .
            base64_encode(str_repeat('y', 32))), $body, self::NOW)[0]);
        $this->assertSame([], curl::$requests);
    }

    public function test_malformed_requests_are_refused(): void {
        $this->assertSame(405, webhook::handle('GET', [], '', self::NOW)[0]);
        $this->assertSame(400, webhook::handle('POST', ['webhook-id' => 'x'], '{}', self::NOW)[0]);
        $signed = self::headers('not json', self::NOW);
        $this->assertSame(400, webhook::handle('POST', $signed, 'not json', self::NOW)[0]);
    }

    public function test_a_passerelle_that_cannot_answer_now_gets_a_503_to_send_it_again_later(): void {
        $this->attempt();
        curl::fail_next(28, 'Operation timed out');
        $body = self::event('order-1');
        [$status] = webhook::handle('POST', self::headers($body, self::NOW), $body, self::NOW);
        $this->assertSame(503, $status);
        $this->assertSame(0, $this->rows_in('payments'));
    }

    public function test_the_headers_are_read_from_the_server_variables(): void {
        $this->assertSame(['webhook-id' => 'msg_1', 'webhook-timestamp' => '17', 'webhook-signature' => 'v1,x'],
            webhook::headers(['HTTP_WEBHOOK_ID' => 'msg_1', 'HTTP_WEBHOOK_TIMESTAMP' => '17',
                'HTTP_WEBHOOK_SIGNATURE' => 'v1,x', 'HTTP_HOST' => 'moodle']));
    }
}
