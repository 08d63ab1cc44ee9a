<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use PHPUnit\Framework\TestCase;

/**
 * A fresh stand-in Moodle for each test (its own data root), with the fixtures the payment flow needs: a learner, a
 * course sold through enrol_fee, a payment account with the Passerelle gateway configured, and Passerelle's answers
 * queued on the stand-in curl.
 */
abstract class standin_testcase extends TestCase {

    const PASSERELLE = 'https://pay.example.org';
    const API_KEY = 'pk_test_0123456789abcdefghijkl';
    const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwAbCdEfGhIjk=';
    const NOW = 1796000000;

    /** @var string */
    protected $dataroot;
    /** @var int */
    protected $learner;
    /** @var int */
    protected $course;
    /** @var int */
    protected $enrol;
    /** @var int */
    protected $account;

    protected function setUp(): void {
        $this->dataroot = sys_get_temp_dir() . '/paygw-passerelle-' . getmypid() . '-' . bin2hex(random_bytes(4));
        standin_boot($this->dataroot, 'https://moodle.example.org', dirname(__DIR__, 2) . '/passerelle');
        curl::reset();
        \core_privacy\local\request\writer::$exported = [];
    }

    protected function tearDown(): void {
        foreach (glob($this->dataroot . '/*') ?: [] as $file) {
            unlink($file);
        }
        @rmdir($this->dataroot);
    }

    /** A learner, a course at $cost EUR through enrol_fee, an account whose gateway has $config. */
    protected function fixtures(float $cost = 45.5, array $config = [], string $currency = 'EUR'): void {
        global $DB;
        $this->learner = $DB->insert_record('user', (object) ['username' => 'marie', 'firstname' => 'Marie',
            'lastname' => 'Curie', 'email' => 'marie.curie@example.org', 'country' => 'FR']);
        $this->course = $DB->insert_record('course', (object) ['fullname' => 'Atelier <b>de</b> poterie',
            'shortname' => 'POT']);
        $this->account = $DB->insert_record('payment_accounts', (object) ['name' => 'Association', 'enabled' => 1]);
        $DB->insert_record('payment_gateways', (object) ['accountid' => $this->account, 'gateway' => 'passerelle',
            'enabled' => 1, 'config' => json_encode($config + ['passerelleurl' => self::PASSERELLE,
                'apikey' => self::API_KEY, 'webhooksecret' => self::SECRET, 'unenrolonrefund' => 1])]);
        $this->enrol = $DB->insert_record('enrol', (object) ['enrol' => 'fee', 'courseid' => $this->course,
            'cost' => (string) $cost, 'currency' => $currency, 'customint1' => $this->account, 'roleid' => 5,
            'enrolperiod' => 0, 'status' => 0]);
        set_config('version', 2026120300, 'paygw_passerelle');   // installed
        \core\plugininfo\paygw::enable_plugin('passerelle', 1);
    }

    protected function user(int $id): stdClass {
        global $DB;
        return $DB->get_record('user', ['id' => $id], '*', MUST_EXIST);
    }

    protected function login(int $id): void {
        global $USER;
        $USER = $this->user($id);
    }

    /** An order as Passerelle's API shows it. */
    public static function order(string $id, string $reference, int $amount, string $status = 'CREATED'): array {
        return [
            'id' => $id, 'reference' => $reference, 'status' => $status, 'amount' => $amount,
            'initialAmount' => $amount, 'currency' => 'EUR', 'itemName' => 'Enrolment: Atelier de poterie',
            'payer' => ['firstName' => 'Marie', 'lastName' => 'Curie', 'email' => 'marie.curie@example.org',
                'country' => 'FRA', 'birthDate' => null],
            'metadata' => ['source' => 'paygw_passerelle'], 'instalments' => 1, 'terms' => [],
            'containsDonation' => false, 'checkoutUrl' => self::PASSERELLE . '/pay/' . $id . '?t=tok',
            'orderUrl' => self::PASSERELLE . '/orders/' . $id . '?t=tok', 'returnUrl' => 'https://moodle.example.org/x',
            'autoReturn' => true, 'receiptUrl' => null, 'createdAt' => '2026-12-03T10:00:00Z',
            'paidAt' => $status === 'PAID' ? '2026-12-03T10:05:00Z' : null, 'updatedAt' => '2026-12-03T10:00:00Z',
        ];
    }

    /** An attempt row as the checkout records it, without going through Passerelle. */
    protected function attempt(string $orderid = 'order-1', int $amount = 4550, string $status = 'PENDING',
            int $created = self::NOW - 60): stdClass {
        global $DB;
        $id = $DB->insert_record('paygw_passerelle', (object) ['accountid' => $this->account, 'component' => 'enrol_fee',
            'paymentarea' => 'fee', 'itemid' => $this->enrol, 'userid' => $this->learner, 'amount' => $amount,
            'currency' => 'EUR', 'reference' => 'moodle-test-' . $orderid, 'token' => 'tok' . $orderid . 'x',
            'orderid' => $orderid, 'status' => $status, 'timecreated' => $created, 'timemodified' => $created,
            'timenextcheck' => $created + 300]);
        return $DB->get_record('paygw_passerelle', ['id' => $id]);
    }

    protected function row(int $id): stdClass {
        global $DB;
        return $DB->get_record('paygw_passerelle', ['id' => $id], '*', MUST_EXIST);
    }

    protected function rows_in(string $table): int {
        global $DB;
        return $DB->count_records($table);
    }

    protected function enrolled(int $userid): bool {
        global $DB;
        return $DB->record_exists('user_enrolments', ['enrolid' => $this->enrol, 'userid' => $userid]);
    }
}
