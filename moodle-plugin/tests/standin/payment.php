<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

// Stand-ins for Moodle's payment subsystem (core_payment), written from its code: the helper's payable, surcharge,
// rounding, configuration, save_payment and deliver_order; the per-account gateway record and form; and enrol_fee
// as the consumer (its payable, success URL and delivery).

namespace core_payment\local\entities {
    class payable {
        private $amount;
        private $currency;
        private $accountid;

        public function __construct(float $amount, string $currency, int $accountid) {
            $this->amount = $amount;
            $this->currency = $currency;
            $this->accountid = $accountid;
        }

        public function get_amount(): float {
            return $this->amount;
        }

        public function get_currency(): string {
            return $this->currency;
        }

        public function get_account_id(): int {
            return $this->accountid;
        }
    }
}

namespace core_payment\local\callback {
    interface service_provider {
        public static function get_payable(string $paymentarea, int $itemid): \core_payment\local\entities\payable;

        public static function get_success_url(string $paymentarea, int $itemid): \moodle_url;

        public static function deliver_order(string $paymentarea, int $itemid, int $paymentid, int $userid): bool;
    }
}

namespace core_payment\privacy {
    interface paygw_provider {
        public static function export_payment_data(\context $context, array $subcontext, \stdClass $payment);

        public static function delete_data_for_payment_sql(string $paymentsql, array $paymentparams);
    }
}

namespace core_payment {
    abstract class gateway {
        abstract public static function get_supported_currencies(): array;

        abstract public static function add_configuration_to_gateway_form(\core_payment\form\account_gateway $form): void;

        public static function validate_gateway_form(\core_payment\form\account_gateway $form, \stdClass $data,
                array $files, array &$errors): void {
            if ($data->enabled) {
                $errors['enabled'] = get_string('gatewaycannotbeenabled', 'payment');
            }
        }
    }

    class account_gateway {
        private $record;

        public function __construct(\stdClass $record) {
            $this->record = $record;
        }

        public static function get_record(array $filters) {
            global $DB;
            $record = $DB->get_record('payment_gateways', $filters);
            return $record ? new self($record) : false;
        }

        public static function get_records(array $filters) {
            global $DB;
            return array_values(array_map(function($record) {
                return new self($record);
            }, $DB->get_records('payment_gateways', $filters)));
        }

        public function get($property) {
            return $this->record->$property;
        }

        public function get_configuration(): array {
            $config = @json_decode((string) $this->record->config, true);
            return ($config && is_array($config)) ? $config : [];
        }
    }

    class helper {
        private static function provider(string $component): string {
            $class = "$component\\payment\\service_provider";
            if (!class_exists($class)) {
                throw new \coding_exception("$component does not have an eligible implementation of payment service_provider.");
            }
            return $class;
        }

        public static function get_payable(string $component, string $paymentarea, int $itemid): local\entities\payable {
            return call_user_func([self::provider($component), 'get_payable'], $paymentarea, $itemid);
        }

        public static function get_success_url(string $component, string $paymentarea, int $itemid): \moodle_url {
            return call_user_func([self::provider($component), 'get_success_url'], $paymentarea, $itemid);
        }

        public static function deliver_order(string $component, string $paymentarea, int $itemid, int $paymentid,
                int $userid): bool {
            return call_user_func([self::provider($component), 'deliver_order'], $paymentarea, $itemid, $paymentid,
                $userid);
        }

        public static function get_gateway_surcharge(string $gateway): float {
            return (float) get_config('paygw_' . $gateway, 'surcharge');
        }

        /** Moodle rounds with the currency's fraction digits (2 for EUR) through intl's NumberFormatter. */
        public static function get_rounded_cost(float $amount, string $currency, float $surcharge = 0): float {
            $amount = $amount * (100 + $surcharge) / 100;
            $formatter = \NumberFormatter::create('en', \NumberFormatter::CURRENCY);
            return $formatter->parseCurrency($formatter->formatCurrency($amount, $currency), $currency);
        }

        /** Throws unless the payable's account is enabled and the plugin is enabled site-wide; not the gateway row. */
        public static function get_gateway_configuration(string $component, string $paymentarea, int $itemid,
                string $gatewayname): array {
            global $DB;
            $payable = self::get_payable($component, $paymentarea, $itemid);
            $account = $DB->get_record('payment_accounts', ['id' => $payable->get_account_id()]);
            $gateway = $account && $account->enabled && isset(\core\plugininfo\paygw::get_enabled_plugins()[$gatewayname])
                ? account_gateway::get_record(['accountid' => $account->id, 'gateway' => $gatewayname]) : false;
            if (!$gateway) {
                throw new \moodle_exception('gatewaynotfound', 'payment');
            }
            return $gateway->get_configuration();
        }

        public static function save_payment(int $accountid, string $component, string $paymentarea, int $itemid,
                int $userid, float $amount, string $currency, string $gateway): int {
            global $DB;
            return $DB->insert_record('payments', (object) ['component' => $component, 'paymentarea' => $paymentarea,
                'itemid' => $itemid, 'userid' => $userid, 'amount' => $amount, 'currency' => $currency,
                'gateway' => $gateway, 'accountid' => $accountid, 'timecreated' => time(), 'timemodified' => time()]);
        }

        public static function add_common_gateway_settings($settings, string $gateway): void {
            $settings->add((object) ['name' => $gateway . '/surcharge']);
        }
    }
}

namespace core_payment\form {
    /** The account's gateway form: what the gateway adds to it, as Moodle's persistent form would carry it. */
    class account_gateway {
        private $mform;
        private $persistent;

        public function __construct(\core_payment\account_gateway $persistent) {
            $this->mform = new \standin_quickform();
            $this->persistent = $persistent;
        }

        public function get_mform(): \standin_quickform {
            return $this->mform;
        }

        public function get_gateway_persistent(): \core_payment\account_gateway {
            return $this->persistent;
        }
    }
}

namespace enrol_fee\payment {
    /** enrol_fee's provider, as in Moodle, plus a count of deliveries for the tests. */
    class service_provider implements \core_payment\local\callback\service_provider {
        public static function get_payable(string $paymentarea, int $instanceid): \core_payment\local\entities\payable {
            global $DB;
            $instance = $DB->get_record('enrol', ['enrol' => 'fee', 'id' => $instanceid], '*', MUST_EXIST);
            return new \core_payment\local\entities\payable((float) $instance->cost, $instance->currency,
                (int) $instance->customint1);
        }

        public static function get_success_url(string $paymentarea, int $instanceid): \moodle_url {
            global $DB;
            $courseid = $DB->get_field('enrol', 'courseid', ['enrol' => 'fee', 'id' => $instanceid], MUST_EXIST);
            return new \moodle_url('/course/view.php', ['id' => $courseid]);
        }

        public static function deliver_order(string $paymentarea, int $instanceid, int $paymentid, int $userid): bool {
            global $DB;
            $instance = $DB->get_record('enrol', ['enrol' => 'fee', 'id' => $instanceid], '*', MUST_EXIST);
            $timestart = $instance->enrolperiod ? time() : 0;
            $timeend = $instance->enrolperiod ? $timestart + $instance->enrolperiod : 0;
            enrol_get_plugin('fee')->enrol_user($instance, $userid, $instance->roleid, $timestart, $timeend);
            $DB->insert_record('standin_deliveries', (object) ['component' => 'enrol_fee', 'paymentarea' => $paymentarea,
                'itemid' => $instanceid, 'paymentid' => $paymentid, 'userid' => $userid, 'time' => time()]);
            if (getenv('STANDIN_SLOW_DELIVERY')) {
                usleep((int) getenv('STANDIN_SLOW_DELIVERY') * 1000);   // widens the window in the race tests
            }
            return true;
        }
    }
}

namespace {
    /** Records the elements a gateway adds to its form. */
    class standin_quickform {
        public $elements = [];
        public $types = [];
        public $helpbuttons = [];

        public function addElement($type, $name, $label = '', ...$more) {
            $this->elements[$name] = ['type' => $type, 'label' => $label, 'more' => $more];
        }

        public function setType($name, $type) {
            $this->types[$name] = $type;
        }

        public function addHelpButton($name, $identifier, $component) {
            $this->helpbuttons[$name] = [$identifier, $component];
        }
    }
}
