<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Drives the stand-in Moodle of the end-to-end test from the command line, as Moodle's own scripts would run the
 * plugin: the web service behind the modal's "Proceed" (as the logged-in learner), the scheduled task, and a look at
 * the tables. One JSON object in (the last argument), one out.
 *
 *   php driver.php ROOT setup '{"passerelleUrl": "...", "apiKey": "...", "webhookSecret": "whsec_...", "cost": 45.5}'
 *   php driver.php ROOT login '{"userId": 2}'
 *   php driver.php ROOT start '{"userId": 2, "itemId": 1}'
 *   php driver.php ROOT task '{"later": 3600}'          (the task as it runs that many seconds from now)
 *   php driver.php ROOT check '{"accountId": 1}'        (the account's gateway form saved: its errors)
 *   php driver.php ROOT state '{}'
 *   php driver.php ROOT configure '{"accountId": 1, "unenrolonrefund": 1}'
 */

[, $root, $action] = $argv;
$input = json_decode($argv[3] ?? '{}', true) ?: [];
require($root . '/config.php');

use paygw_passerelle\external\start_payment;

function answer(array $value): void {
    echo json_encode($value, JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT), "\n";
    exit(0);
}

function table(string $name): array {
    global $DB;
    return array_values(array_map(function($row) {
        return (array) $row;
    }, $DB->get_records($name, null, 'id ASC')));
}

try {
    switch ($action) {
        case 'setup':
            $suffix = random_string(6);
            $learner = $DB->insert_record('user', (object) ['username' => 'marie' . $suffix, 'firstname' => 'Marie',
                'lastname' => 'Curie', 'email' => 'marie.curie@example.org', 'country' => 'FR']);
            $other = $DB->insert_record('user', (object) ['username' => 'pierre' . $suffix, 'firstname' => 'Pierre',
                'lastname' => 'Curie', 'email' => 'pierre.curie@example.org', 'country' => 'FR']);
            $course = $DB->insert_record('course', (object) ['fullname' => 'Atelier de poterie', 'shortname' => 'POT']);
            $account = $DB->insert_record('payment_accounts', (object) ['name' => 'Association', 'enabled' => 1]);
            $DB->insert_record('payment_gateways', (object) ['accountid' => $account, 'gateway' => 'passerelle',
                'enabled' => 1, 'config' => json_encode(['passerelleurl' => $input['passerelleUrl'],
                    'apikey' => $input['apiKey'], 'webhooksecret' => $input['webhookSecret'],
                    'unenrolonrefund' => (int) ($input['unenrolOnRefund'] ?? 1)])]);
            $enrol = $DB->insert_record('enrol', (object) ['enrol' => 'fee', 'courseid' => $course,
                'cost' => (string) ($input['cost'] ?? 45.5), 'currency' => 'EUR', 'customint1' => $account,
                'roleid' => 5, 'enrolperiod' => 0, 'status' => 0]);
            set_config('version', 2026120300, 'paygw_passerelle');
            \core\plugininfo\paygw::enable_plugin('passerelle', 1);
            answer(['learnerId' => $learner, 'otherId' => $other, 'courseId' => $course, 'enrolId' => $enrol,
                'accountId' => $account]);
            break;
        case 'login':
            $sid = random_string(32);
            $DB->insert_record('standin_sessions', (object) ['sid' => $sid, 'userid' => $input['userId']]);
            answer(['sid' => $sid]);
            break;
        case 'start':
            $USER = $DB->get_record('user', ['id' => $input['userId']], '*', MUST_EXIST);
            // As lib/ajax/service.php does: the function, then its return value cleaned to its description.
            $result = start_payment::execute('enrol_fee', 'fee', (int) $input['itemId'],
                (string) ($input['description'] ?? 'Enrolment in Atelier de poterie'));
            answer(start_payment::clean_returnvalue(start_payment::execute_returns(), $result));
            break;
        case 'task':
            (new \paygw_passerelle\task\check_pending())->execute(time() + (int) ($input['later'] ?? 0));
            answer(['output' => standin_debugging::$messages]);
            break;
        case 'check':
            $record = \core_payment\account_gateway::get_record(['accountid' => $input['accountId'],
                'gateway' => 'passerelle']);
            $data = (object) ($record->get_configuration() + ['enabled' => 1]);
            $errors = [];
            \paygw_passerelle\gateway::validate_gateway_form(new \core_payment\form\account_gateway($record), $data, [],
                $errors);
            answer(['errors' => (object) $errors]);
            break;
        case 'configure':
            $record = $DB->get_record('payment_gateways', ['accountid' => $input['accountId'], 'gateway' => 'passerelle']);
            $config = json_decode($record->config, true);
            foreach ($input as $key => $value) {
                if ($key !== 'accountId') {
                    $config[$key] = $value;
                }
            }
            $DB->set_field('payment_gateways', 'config', json_encode($config), ['id' => $record->id]);
            answer(['config' => array_keys($config)]);
            break;
        case 'state':
            answer(['attempts' => table('paygw_passerelle'), 'payments' => table('payments'),
                'deliveries' => table('standin_deliveries'), 'enrolments' => table('user_enrolments'),
                'debugging' => standin_debugging::$messages]);
            break;
        default:
            throw new coding_exception('unknown action ' . $action);
    }
} catch (\Throwable $e) {
    answer(['error' => get_class($e), 'message' => $e->getMessage()]);
}
