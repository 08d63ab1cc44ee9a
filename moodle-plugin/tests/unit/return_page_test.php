<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use paygw_passerelle\local\return_page;

/**
 * The return page: only the attempt's own learner, with its token, may open it; it reads the order back and delivers
 * a paid one, or says what happened.
 */
class return_page_test extends standin_testcase {

    protected function setUp(): void {
        parent::setUp();
        $this->fixtures();
    }

    public function test_a_paid_order_is_delivered_and_the_learner_goes_on_to_the_course(): void {
        $row = $this->attempt();
        curl::answer(200, self::order('order-1', $row->reference, 4550, 'PAID'));
        $view = return_page::decide($row->reference, $row->token, $this->user($this->learner), self::NOW);
        $this->assertSame(return_page::PAID, $view['kind']);
        $this->assertSame('https://moodle.example.org/course/view.php?id=' . $this->course, $view['successurl']->out(false));
        $this->assertTrue($this->enrolled($this->learner));
        // a reload (or the back button) delivers nothing more
        curl::answer(200, self::order('order-1', $row->reference, 4550, 'PAID'));
        $this->assertSame(return_page::PAID,
            return_page::decide($row->reference, $row->token, $this->user($this->learner), self::NOW)['kind']);
        $this->assertSame(1, $this->rows_in('standin_deliveries'));
    }

    public function test_an_unpaid_order_says_what_happened_and_offers_to_pay(): void {
        $row = $this->attempt();
        curl::answer(200, self::order('order-1', $row->reference, 4550, 'PENDING'));
        $view = return_page::decide($row->reference, $row->token, $this->user($this->learner), self::NOW);
        $this->assertSame(return_page::WAITING, $view['kind']);
        $this->assertSame(self::PASSERELLE . '/pay/order-1?t=tok', $view['payurl']);
        $this->assertSame(self::PASSERELLE . '/orders/order-1?t=tok', $view['orderurl']);
        $this->assertTrue($view['refresh'], 'a fresh attempt reloads itself while the bank may confirm it');
        curl::answer(200, self::order('order-1', $row->reference, 4550, 'PENDING'));
        $this->assertFalse(return_page::decide($row->reference, $row->token, $this->user($this->learner),
            self::NOW + 3600)['refresh'], 'not for ever');

        curl::answer(200, self::order('order-1', $row->reference, 4550, 'FAILED'));
        $refused = return_page::decide($row->reference, $row->token, $this->user($this->learner), self::NOW);
        $this->assertSame(return_page::REFUSED, $refused['kind']);
        $this->assertSame(self::PASSERELLE . '/pay/order-1?t=tok', $refused['payurl']);

        curl::answer(200, self::order('order-1', $row->reference, 4550, 'CANCELLED'));
        $closed = return_page::decide($row->reference, $row->token, $this->user($this->learner), self::NOW);
        $this->assertSame(return_page::CLOSED, $closed['kind']);
        $this->assertNull($closed['payurl']);
        $this->assertSame(0, $this->rows_in('payments'));
    }

    public function test_passerelle_unreachable_says_the_access_will_follow(): void {
        $row = $this->attempt();
        curl::fail_next(7, 'Connection refused');
        $view = return_page::decide($row->reference, $row->token, $this->user($this->learner), self::NOW);
        $this->assertSame(return_page::UNAVAILABLE, $view['kind']);
        $this->assertStringContainsString('follows by itself', get_string('return:unavailable', 'paygw_passerelle'));
    }

    public function test_only_the_attempts_learner_with_its_token_may_open_it(): void {
        global $DB;
        $row = $this->attempt();
        $other = $DB->insert_record('user', (object) ['username' => 'pierre', 'firstname' => 'Pierre',
            'lastname' => 'Curie', 'email' => 'pierre@example.org']);
        foreach ([[$row->reference, 'wrong' . $row->token, $this->learner, 'error:unknownpayment'],
                  [$row->reference, '', $this->learner, 'error:unknownpayment'],
                  ['moodle-nothing', $row->token, $this->learner, 'error:unknownpayment'],
                  [$row->reference, $row->token, $other, 'error:notyourpayment']] as [$reference, $token, $user, $code]) {
            try {
                return_page::decide($reference, $token, $this->user($user), self::NOW);
                $this->fail('expected ' . $code);
            } catch (moodle_exception $e) {
                $this->assertSame($code, $e->errorcode);
            }
        }
        $this->assertSame([], curl::$requests, 'nothing asked for someone else\'s payment');
    }
}
