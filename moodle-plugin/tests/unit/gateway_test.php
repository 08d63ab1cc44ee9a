<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use paygw_passerelle\gateway;
use paygw_passerelle\local\signature;

/**
 * The account's gateway form: its fields, and the check against Passerelle when an enabled gateway is saved, each
 * problem said on its field.
 */
class gateway_test extends standin_testcase {

    const WEBHOOK = 'https://moodle.example.org/payment/gateway/passerelle/webhook.php';

    private function form(): \core_payment\form\account_gateway {
        return new \core_payment\form\account_gateway(new \core_payment\account_gateway((object) ['accountid' => 1,
            'gateway' => 'passerelle', 'enabled' => 1, 'config' => null]));
    }

    private function validate(array $fields): array {
        $errors = [];
        gateway::validate_gateway_form($this->form(), (object) ($fields + ['enabled' => 1,
            'passerelleurl' => self::PASSERELLE . '/', 'apikey' => self::API_KEY, 'webhooksecret' => self::SECRET,
            'unenrolonrefund' => 1]), [], $errors);
        return $errors;
    }

    private static function passerelle_answers(array $endpoints, int $keystatus = 200): void {
        curl::answer($keystatus, $keystatus === 200 ? ['id' => 'k1', 'name' => 'Moodle', 'prefix' => 'pk_abc…']
            : ['code' => 'unauthorized', 'title' => 'Missing or invalid API key', 'status' => 401]);
        if ($keystatus === 200) {
            curl::answer(200, ['items' => $endpoints]);
        }
    }

    public function test_the_form_has_the_accounts_passerelle_settings(): void {
        $form = $this->form();
        gateway::add_configuration_to_gateway_form($form);
        $mform = $form->get_mform();
        $this->assertSame(['passerelleurl', 'apikey', 'webhookurl', 'webhooksecret', 'unenrolonrefund'],
            array_keys($mform->elements));
        $this->assertSame('passwordunmask', $mform->elements['apikey']['type']);
        $this->assertSame('passwordunmask', $mform->elements['webhooksecret']['type']);
        $this->assertStringContainsString(self::WEBHOOK, $mform->elements['webhookurl']['more'][0]);
        $this->assertSame(PARAM_URL, $mform->types['passerelleurl']);
        $this->assertCount(5, $mform->helpbuttons);
        foreach ($mform->helpbuttons as [$identifier, $component]) {
            $this->assertNotSame('', get_string($identifier . '_help', $component));
        }
        $this->assertSame(['EUR'], gateway::get_supported_currencies());
    }

    public function test_settings_that_passerelle_accepts_save_without_errors(): void {
        self::passerelle_answers([['url' => self::WEBHOOK, 'events' => ['order.paid', 'order.refunded'],
            'secretFingerprint' => signature::fingerprint(self::SECRET)]]);
        $this->assertSame([], $this->validate([]));
        $this->assertSame(self::PASSERELLE . '/api/v1/key', curl::$requests[0]['url']);
        $this->assertSame(self::PASSERELLE . '/api/v1/webhook-endpoints?url=' . rawurlencode(self::WEBHOOK),
            curl::$requests[1]['url']);
        self::passerelle_answers([['url' => self::WEBHOOK, 'events' => [], 'secretFingerprint' => signature::fingerprint(self::SECRET)]]);
        $this->assertSame([], $this->validate([]), 'no events listed: every event');
    }

    public function test_a_disabled_gateway_saves_half_done_without_calling_passerelle(): void {
        $this->assertSame([], $this->validate(['enabled' => 0, 'passerelleurl' => '', 'apikey' => '']));
        $this->assertSame([], curl::$requests);
    }

    public function test_each_problem_is_said_on_its_field(): void {
        $this->assertSame(['passerelleurl', 'apikey', 'webhooksecret'],
            array_keys($this->validate(['passerelleurl' => 'pay.example.org', 'apikey' => ' ', 'webhooksecret' => 'abc'])));
        $this->assertSame([], curl::$requests, 'nothing asked with settings that cannot work');

        self::passerelle_answers([], 401);
        $this->assertSame(['apikey' => get_string('check:apikey', 'paygw_passerelle')], $this->validate([]));

        self::passerelle_answers([]);
        $this->assertSame(['webhooksecret' => get_string('check:noendpoint', 'paygw_passerelle', self::WEBHOOK)],
            $this->validate([]));

        self::passerelle_answers([['url' => self::WEBHOOK, 'events' => [], 'secretFingerprint' => '0000000000000000']]);
        $this->assertSame(['webhooksecret' => get_string('check:wrongsecret', 'paygw_passerelle', self::WEBHOOK)],
            $this->validate([]));

        self::passerelle_answers([['url' => self::WEBHOOK, 'events' => ['order.paid'],
            'secretFingerprint' => signature::fingerprint(self::SECRET)]]);
        $this->assertSame(['webhooksecret' => get_string('check:events', 'paygw_passerelle', 'order.refunded')],
            $this->validate([]), 'refunds end enrolments: order.refunded is needed');
        self::passerelle_answers([['url' => self::WEBHOOK, 'events' => ['order.paid'],
            'secretFingerprint' => signature::fingerprint(self::SECRET)]]);
        $this->assertSame([], $this->validate(['unenrolonrefund' => 0]));
    }

    public function test_an_address_moodle_may_not_call_or_that_is_not_passerelle_says_what_to_do(): void {
        global $CFG;
        $CFG->curlsecurityblockedhosts = "127.0.0.0/8\nlocalhost";
        $CFG->curlsecurityallowedport = "443\n80";
        $errors = $this->validate(['passerelleurl' => 'http://127.0.0.1:8080']);
        $this->assertSame(['passerelleurl'], array_keys($errors));
        $this->assertStringContainsString('HTTP security settings block http://127.0.0.1:8080', $errors['passerelleurl']);
        $this->assertStringContainsString('Remove 127.0.0.1 from "cURL blocked hosts list" and add 8080', $errors['passerelleurl']);
        $CFG->curlsecurityblockedhosts = '';
        $CFG->curlsecurityallowedport = '';

        curl::fail_next(7, 'Failed to connect to pay.example.org port 443: Connection refused');
        $this->assertSame(['passerelleurl' => get_string('check:unreachable', 'paygw_passerelle', (object) [
            'url' => self::PASSERELLE, 'detail' => 'Failed to connect to pay.example.org port 443: Connection refused'])],
            $this->validate([]));

        curl::answer(200, '<html>Welcome to nginx</html>');
        $this->assertStringContainsString('No Passerelle API answers at ' . self::PASSERELLE . ' (HTTP 200)',
            $this->validate([])['passerelleurl']);
        curl::answer(404, '<html>Not found</html>');
        $this->assertStringContainsString('(HTTP 404)', $this->validate([])['passerelleurl']);
    }
}
