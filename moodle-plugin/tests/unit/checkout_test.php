<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use paygw_passerelle\external\start_payment;
use paygw_passerelle\local\checkout;

/**
 * Starting a payment from the modal: the amount from the server, the order created at Passerelle with only the fields
 * its API knows, the learner sent to its checkout address, and a second click resuming the same order.
 */
class checkout_test extends standin_testcase {

    protected function setUp(): void {
        parent::setUp();
        $this->fixtures(45.5);
        set_config('surcharge', '10', 'paygw_passerelle');
    }

    /** Passerelle's CreateOrder fields, read from its OpenAPI description (checked against its code by its own build). */
    private static function create_order_fields(): array {
        $yaml = file_get_contents(dirname(__DIR__, 3) . '/gateway/src/main/resources/api/openapi.yaml');
        $block = substr($yaml, strpos($yaml, "\n    CreateOrder:"));
        $properties = substr($block, strpos($block, "properties:\n") + strlen("properties:\n"));
        $fields = [];
        foreach (explode("\n", $properties) as $line) {
            if (preg_match('/^        (\w+):/', $line, $m)) {
                $fields[] = $m[1];
            } else if (!preg_match('/^         /', $line)) {
                break;
            }
        }
        return $fields;
    }

    private function start(): array {
        $this->login($this->learner);
        $answer = start_payment::execute('enrol_fee', 'fee', $this->enrol, 'Enrolment in Atelier de poterie');
        return start_payment::clean_returnvalue(start_payment::execute_returns(), $answer);
    }

    /** Passerelle answers a creation with the order it made of the request. */
    private static function creates(string $id): void {
        curl::respond(function(array $request) use ($id) {
            $body = json_decode($request['body'], true);
            return [201, self::order($id, $body['reference'], $body['amount'])];
        });
    }

    public function test_the_order_is_created_with_the_server_side_amount_and_the_learner_goes_to_its_checkout(): void {
        self::creates('order-1');
        $answer = $this->start();

        $this->assertSame('redirect', $answer['status']);
        $this->assertSame(self::PASSERELLE . '/pay/order-1?t=tok', $answer['url']);
        $request = curl::$requests[0];
        $this->assertSame('POST', $request['method']);
        $this->assertSame(self::PASSERELLE . '/api/v1/orders', $request['url']);
        $body = json_decode($request['body'], true);
        $this->assertSame(5005, $body['amount'], '45.50 EUR + 10 % surcharge, in cents');
        $this->assertSame('Enrolment: Atelier de poterie', $body['itemName'], 'the course name, as plain text');
        $this->assertSame(['firstName' => 'Marie', 'lastName' => 'Curie', 'email' => 'marie.curie@example.org',
            'country' => 'FRA'], $body['payer']);
        $this->assertSame(['source' => 'paygw_passerelle', 'site' => 'https://moodle.example.org',
            'component' => 'enrol_fee', 'paymentArea' => 'fee', 'itemId' => $this->enrol, 'userId' => $this->learner,
            'accountId' => $this->account], $body['metadata']);
        $this->assertTrue($body['autoReturn']);
        $this->assertMatchesRegularExpression('/^moodle-[0-9a-f]{8}-' . $this->learner . '-[A-Za-z0-9]{12}$/', $body['reference']);
        $this->assertContains('Idempotency-Key: ' . $body['reference'], $request['headers']);
        $this->assertContains('Content-Type: application/json', $request['headers']);
        $this->assertEmpty(array_diff(array_keys($body), self::create_order_fields()),
            'only fields Passerelle\'s API knows (it refuses unknown ones)');

        $row = $GLOBALS['DB']->get_record('paygw_passerelle', ['orderid' => 'order-1']);
        $this->assertSame('5005', $row->amount);
        $this->assertSame($body['reference'], $row->reference);
        $this->assertSame(
            'https://moodle.example.org/payment/gateway/passerelle/return.php?ref=' . $row->reference . '&token=' . $row->token,
            $body['returnUrl']);
        $this->assertSame(32, strlen($row->token));
        $this->assertSame((string) $this->learner, $row->userid);
    }

    public function test_a_second_click_resumes_the_open_order_instead_of_creating_another(): void {
        self::creates('order-1');
        $first = $this->start();
        $row = $GLOBALS['DB']->get_record('paygw_passerelle', ['orderid' => 'order-1']);
        curl::reset();
        curl::answer(200, self::order('order-1', $row->reference, 5005, 'PENDING'));
        $second = $this->start();
        $this->assertSame($first, $second);
        $this->assertCount(1, curl::$requests, 'one GET, no second order');
        $this->assertSame('GET', curl::$requests[0]['method']);
        $this->assertSame(1, $this->rows_in('paygw_passerelle'));
    }

    public function test_a_second_click_after_paying_delivers_instead_of_charging_again(): void {
        self::creates('order-1');
        $this->start();
        $row = $GLOBALS['DB']->get_record('paygw_passerelle', ['orderid' => 'order-1']);
        curl::reset();
        curl::answer(200, self::order('order-1', $row->reference, 5005, 'PAID'));
        $answer = $this->start();
        $this->assertSame('delivered', $answer['status']);
        $this->assertSame('https://moodle.example.org/course/view.php?id=' . $this->course, $answer['url']);
        $this->assertSame(get_string('alreadypaid', 'paygw_passerelle'), $answer['message']);
        $this->assertSame(1, $this->rows_in('standin_deliveries'));
        $this->assertTrue($this->enrolled($this->learner));
    }

    public function test_an_enrolled_learner_is_not_charged_again_but_one_whose_enrolment_ended_pays_anew(): void {
        global $DB;
        $DB->insert_record('user_enrolments', (object) ['enrolid' => $this->enrol, 'userid' => $this->learner,
            'timestart' => 0, 'timeend' => 0]);
        $answer = $this->start();
        $this->assertSame('delivered', $answer['status']);
        $this->assertSame([], curl::$requests, 'nothing asked, nothing created');

        $DB->set_field('user_enrolments', 'timeend', time() - 60, ['enrolid' => $this->enrol]);
        self::creates('order-renewal');
        $this->assertSame('redirect', $this->start()['status']);
        $this->assertSame('POST', curl::$requests[0]['method']);
    }

    public function test_a_changed_price_cancels_the_open_order_and_creates_one_at_the_new_price(): void {
        self::creates('order-1');
        $this->start();
        $old = $GLOBALS['DB']->get_record('paygw_passerelle', ['orderid' => 'order-1']);
        $GLOBALS['DB']->set_field('enrol', 'cost', '60', ['id' => $this->enrol]);
        curl::reset();
        curl::answer(200, self::order('order-1', $old->reference, 5005, 'PENDING'));
        curl::answer(200, self::order('order-1', $old->reference, 5005, 'CANCELLED'));
        self::creates('order-2');
        $answer = $this->start();
        $this->assertSame(self::PASSERELLE . '/pay/order-2?t=tok', $answer['url']);
        $this->assertSame(['GET', 'POST', 'POST'], array_column(curl::$requests, 'method'));
        $this->assertSame(self::PASSERELLE . '/api/v1/orders/order-1/cancel', curl::$requests[1]['url']);
        $this->assertSame(6600, json_decode(curl::$requests[2]['body'], true)['amount']);
        $this->assertSame('CANCELLED', $this->row((int) $old->id)->status);
    }

    public function test_payments_that_cannot_be_made_here_are_refused_before_calling_passerelle(): void {
        global $DB, $USER;
        $this->login($this->learner);
        $DB->set_field('enrol', 'currency', 'USD', ['id' => $this->enrol]);
        $this->assert_refused('error:currency');
        $DB->set_field('enrol', 'currency', 'EUR', ['id' => $this->enrol]);

        $DB->set_field('payment_gateways', 'enabled', 0, ['accountid' => $this->account]);
        $this->assert_refused('gatewaynotfound');
        $DB->set_field('payment_gateways', 'enabled', 1, ['accountid' => $this->account]);
        $DB->set_field('payment_accounts', 'enabled', 0, ['id' => $this->account]);
        $this->assert_refused('gatewaynotfound');
        $DB->set_field('payment_accounts', 'enabled', 1, ['id' => $this->account]);
        \core\plugininfo\paygw::enable_plugin('passerelle', 0);
        $this->assert_refused('gatewaynotfound');
        \core\plugininfo\paygw::enable_plugin('passerelle', 1);

        $DB->set_field('enrol', 'cost', '0.4', ['id' => $this->enrol]);
        set_config('surcharge', '0', 'paygw_passerelle');
        $this->assert_refused('error:amounttoosmall');
        $DB->set_field('enrol', 'cost', '45.5', ['id' => $this->enrol]);

        $USER = (object) ['id' => 1, 'username' => 'guest'];
        $this->assert_refused('error:guest');
        $this->assertSame([], curl::$requests);
        $this->assertSame(0, $this->rows_in('paygw_passerelle'));
    }

    private function assert_refused(string $code): void {
        global $USER;
        try {
            checkout::start('enrol_fee', 'fee', $this->enrol, '', $USER, self::NOW);
            $this->fail('expected ' . $code);
        } catch (moodle_exception $e) {
            $this->assertSame($code, $e->errorcode);
        }
    }

    public function test_a_passerelle_that_cannot_be_reached_records_nothing(): void {
        curl::fail_next(7, 'Failed to connect to pay.example.org port 443');
        curl::fail_next(7, 'Failed to connect to pay.example.org port 443');
        try {
            $this->start();
            $this->fail('expected an error');
        } catch (\paygw_passerelle\local\client_exception $e) {
            $this->assertSame('unreachable', $e->kind);
            $this->assertStringContainsString('cannot be reached', $e->getMessage());
        }
        $this->assertCount(2, curl::$requests, 'tried once more with the same Idempotency-Key');
        $this->assertSame(curl::$requests[0]['headers'], curl::$requests[1]['headers']);
        $this->assertSame(curl::$requests[0]['body'], curl::$requests[1]['body']);
        $this->assertSame(0, $this->rows_in('paygw_passerelle'));
    }

    public function test_the_payer_and_item_name_take_only_what_is_valid(): void {
        $this->assertSame(['firstName' => 'Ada', 'country' => 'GBR'],
            checkout::payer((object) ['firstname' => ' Ada ', 'lastname' => '', 'email' => 'not-an-email', 'country' => 'gb']));
        $this->assertSame([], checkout::payer((object) ['firstname' => '', 'lastname' => '', 'email' => '', 'country' => 'XX']));
        $this->assertSame('Cours & atelier', checkout::item_name('mod_other', 'area', 3, ' <b>Cours</b> &amp; atelier '));
        $this->assertSame('Payment mod_other area 3', checkout::item_name('mod_other', 'area', 3, ''));
        $this->assertSame(str_repeat('é', 250), checkout::item_name('x_y', 'a', 1, str_repeat('é', 300)));
    }
}
