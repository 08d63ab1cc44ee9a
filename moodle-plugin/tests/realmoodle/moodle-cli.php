<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Runs inside a real Moodle (the optional real-Moodle test, MoodlePluginRealMoodleIT) what an administrator does by
 * hand, through Moodle's own API, and reports what Moodle holds. One JSON object in (the last argument), one out.
 *
 *   php moodle-cli.php MOODLE_DIR setup '{"passerelleUrl": "...", "apiKey": "...", "webhookSecret": "whsec_..."}'
 *   php moodle-cli.php MOODLE_DIR check '{"accountId": 1}'       the account's gateway form saved: its errors
 *   php moodle-cli.php MOODLE_DIR allow '{"host": "localhost", "port": 8080}'   the install guide's HTTP security edit
 *   php moodle-cli.php MOODLE_DIR state '{"userId": 3, "enrolId": 4}'
 *   php moodle-cli.php MOODLE_DIR privacy '{"userId": 3}'     Moodle's privacy manager on the plugin
 */

define('CLI_SCRIPT', true);
[, $moodledir, $action] = $argv;
$input = json_decode($argv[3] ?? '{}', true) ?: [];
require($moodledir . '/config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->libdir . '/enrollib.php');

function answer(array $value): void {
    echo json_encode($value, JSON_UNESCAPED_SLASHES), "\n";
    exit(0);
}

\core\session\manager::set_user(get_admin());
switch ($action) {
    case 'setup':
        \core\plugininfo\enrol::enable_plugin('fee', 1);
        $suffix = random_string(6);
        $account = \core_payment\helper::save_payment_account((object) ['name' => 'Association ' . $suffix,
            'idnumber' => '', 'enabled' => 1, 'contextid' => context_system::instance()->id]);
        \core_payment\helper::save_payment_gateway((object) ['accountid' => $account->get('id'), 'gateway' => 'passerelle',
            'enabled' => 1, 'config' => json_encode(['passerelleurl' => $input['passerelleUrl'], 'apikey' => $input['apiKey'],
                'webhooksecret' => $input['webhookSecret'], 'unenrolonrefund' => 1])]);
        $course = create_course((object) ['fullname' => 'Atelier de poterie', 'shortname' => 'POT-' . $suffix,
            'category' => 1]);
        $enrolid = enrol_get_plugin('fee')->add_instance($course, ['customint1' => $account->get('id'), 'cost' => 45.5,
            'currency' => 'EUR', 'roleid' => 5, 'status' => ENROL_INSTANCE_ENABLED]);
        $learner = user_create_user((object) ['username' => 'learner' . strtolower($suffix), 'password' => 'Learner#1234',
            'firstname' => 'Marie', 'lastname' => 'Curie', 'email' => 'marie.' . strtolower($suffix) . '@example.org',
            'country' => 'FR', 'auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id]);
        answer(['accountId' => $account->get('id'), 'courseId' => $course->id, 'enrolId' => $enrolid,
            'learnerId' => $learner, 'username' => 'learner' . strtolower($suffix), 'password' => 'Learner#1234',
            'enabledGateways' => array_keys(\core\plugininfo\paygw::get_enabled_plugins())]);
        break;
    case 'check':
        $gateway = \core_payment\account_gateway::get_record(['accountid' => $input['accountId'], 'gateway' => 'passerelle']);
        $form = new \core_payment\form\account_gateway(null, ['persistent' => $gateway]);
        $errors = [];
        \paygw_passerelle\gateway::validate_gateway_form($form, (object) ($gateway->get_configuration() + ['enabled' => 1]),
            [], $errors);
        answer(['errors' => (object) $errors]);
        break;
    case 'allow':
        // What docs/moodle-plugin.md tells an administrator whose Passerelle runs on the same server.
        $hosts = array_filter(array_map('trim', explode("\n", (string) get_config('core', 'curlsecurityblockedhosts'))),
            function($entry) use ($input) {
                return !in_array($entry, ['127.0.0.0/8', '127.0.0.1', $input['host']], true);
            });
        set_config('curlsecurityblockedhosts', implode("\n", $hosts));
        $ports = array_filter(array_map('trim', explode("\n", (string) get_config('core', 'curlsecurityallowedport'))));
        $ports[] = (string) $input['port'];
        set_config('curlsecurityallowedport', implode("\n", array_unique($ports)));
        answer(['blockedhosts' => array_values($hosts), 'allowedports' => array_values(array_unique($ports))]);
        break;
    case 'state':
        global $DB;
        $instance = $DB->get_record('enrol', ['id' => $input['enrolId']], '*', MUST_EXIST);
        answer([
            'enrolled' => is_enrolled(context_course::instance($instance->courseid), $input['userId'], '', true),
            'payments' => array_values($DB->get_records('payments', ['itemid' => $input['enrolId'],
                'component' => 'enrol_fee'])),
            'attempts' => array_values($DB->get_records('paygw_passerelle', ['itemid' => $input['enrolId']])),
            'task' => (bool) $DB->get_record('task_scheduled', ['classname' => '\paygw_passerelle\task\check_pending']),
            'webservice' => (bool) $DB->get_record('external_functions', ['name' => 'paygw_passerelle_start_payment']),
        ]);
        break;
    case 'privacy':
        $manager = new \core_privacy\manager();
        $contexts = \paygw_passerelle\privacy\provider::get_contexts_for_userid($input['userId']);
        $userlist = new \core_privacy\local\request\userlist(context_user::instance($input['userId']), 'paygw_passerelle');
        \paygw_passerelle\privacy\provider::get_users_in_context($userlist);
        $metadata = $manager->get_metadata_for_components()['paygw_passerelle'] ?? null;
        answer(['compliant' => $manager->component_is_compliant('paygw_passerelle'),
            'metadata' => $metadata ? count($metadata->get_collection()) : 0,
            'contexts' => array_values($contexts->get_contextids()), 'users' => $userlist->get_userids()]);
        break;
    default:
        throw new coding_exception('unknown action ' . $action);
}
