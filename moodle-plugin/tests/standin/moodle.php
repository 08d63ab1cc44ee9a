<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Stand-ins for the parts of Moodle that paygw_passerelle calls, small and written from what Moodle's code does (see
 * ../shared/moodle/paygw-facts.md), so that the plugin's own PHP runs unchanged in PHPUnit and in the end-to-end test
 * against a real Passerelle. What they leave out is listed in docs/moodle-plugin.md ("What was tested how").
 *
 * standin_boot($dataroot, $wwwroot, $plugindir) sets up $CFG, $DB, $USER, $PAGE, $OUTPUT and the autoloader.
 */

define('MOODLE_INTERNAL', true);
define('MATURITY_BETA', 100);
define('PARAM_ALPHA', 'alpha');
define('PARAM_ALPHANUM', 'alphanum');
define('PARAM_ALPHANUMEXT', 'alphanumext');
define('PARAM_AREA', 'area');
define('PARAM_BOOL', 'bool');
define('PARAM_COMPONENT', 'component');
define('PARAM_INT', 'int');
define('PARAM_RAW', 'raw');
define('PARAM_RAW_TRIMMED', 'raw_trimmed');
define('PARAM_TEXT', 'text');
define('PARAM_URL', 'url');
define('VALUE_REQUIRED', 1);
define('VALUE_OPTIONAL', 2);
define('VALUE_DEFAULT', 0);
define('SQL_PARAMS_NAMED', 1);
define('SQL_PARAMS_QM', 2);
define('IGNORE_MISSING', 0);
define('MUST_EXIST', 2);
define('DEBUG_NORMAL', 15);
define('DEBUG_DEVELOPER', 32767);
define('CONTEXT_SYSTEM', 10);
define('CONTEXT_USER', 30);
define('CONTEXT_COURSE', 50);
define('SYSCONTEXTID', 1);
define('DAYSECS', 86400);

require_once(__DIR__ . '/db.php');
require_once(__DIR__ . '/core.php');
require_once(__DIR__ . '/output.php');
require_once(__DIR__ . '/payment.php');
require_once(__DIR__ . '/external.php');
require_once(__DIR__ . '/privacy.php');

/**
 * @param string $dataroot where the stand-in database and locks live (shared by the processes of one test)
 * @param string $wwwroot the site's address
 * @param string $plugindir the plugin's folder
 */
function standin_boot(string $dataroot, string $wwwroot, string $plugindir): void {
    global $CFG, $DB, $USER, $PAGE, $OUTPUT, $SITE;
    if (!is_dir($dataroot)) {
        mkdir($dataroot, 0777, true);
    }
    $CFG = (object) [
        'wwwroot' => rtrim($wwwroot, '/'),
        'dataroot' => $dataroot,
        'libdir' => __DIR__,                    // so that require_once($CFG->libdir . '/filelib.php') finds the stand-in
        'dirroot' => dirname($plugindir, 3),
        'siteidentifier' => 'standin' . substr(sha1($wwwroot), 0, 8),
        'lang' => getenv('STANDIN_LANG') ?: 'en',
        'curlsecurityblockedhosts' => '',
        'curlsecurityallowedport' => '',
        'paygw_plugins_sortorder' => '',
        'standin_plugindir' => $plugindir,
    ];
    $DB = new standin_db($dataroot . '/standin-db.json');
    $DB->define_from_install_xml($plugindir . '/db/install.xml');
    $DB->define_table('config_plugins', ['plugin' => true, 'name' => true, 'value' => false], [['plugin', 'name']]);
    $DB->define_table('user', ['username' => true, 'firstname' => true, 'lastname' => true, 'email' => true,
        'country' => false, 'deleted' => false], [['username']]);
    $DB->define_table('course', ['fullname' => true, 'shortname' => true]);
    $DB->define_table('enrol', ['enrol' => true, 'courseid' => true, 'cost' => false, 'currency' => false,
        'customint1' => false, 'roleid' => false, 'enrolperiod' => false, 'status' => false]);
    $DB->define_table('user_enrolments', ['enrolid' => true, 'userid' => true, 'status' => ['notnull' => true,
        'default' => '0'], 'timestart' => false, 'timeend' => false, 'timemodified' => false], [['enrolid', 'userid']]);
    $DB->define_table('payment_accounts', ['name' => true, 'enabled' => true, 'archived' => false]);
    $DB->define_table('payment_gateways', ['accountid' => true, 'gateway' => true, 'enabled' => true, 'config' => false,
        'timecreated' => false, 'timemodified' => false], [['accountid', 'gateway']]);
    $DB->define_table('payments', ['component' => true, 'paymentarea' => true, 'itemid' => true, 'userid' => true,
        'amount' => true, 'currency' => true, 'accountid' => true, 'gateway' => true, 'timecreated' => false,
        'timemodified' => false]);
    $DB->define_table('standin_deliveries', ['component' => true, 'paymentarea' => true, 'itemid' => true,
        'paymentid' => true, 'userid' => true, 'time' => true]);
    $DB->define_table('standin_sessions', ['sid' => true, 'userid' => true], [['sid']]);
    $DB->define_table('context', ['contextlevel' => true, 'instanceid' => true]);
    $CFG->paygw_plugins_sortorder = (string) get_config('core', 'paygw_plugins_sortorder');
    $USER = (object) ['id' => 0];
    $SITE = (object) ['id' => 1, 'fullname' => 'Stand-in Moodle'];
    $PAGE = new standin_page();
    $OUTPUT = new standin_output();
    standin_debugging::$messages = [];

    spl_autoload_register(function($class) use ($plugindir) {
        if (strpos($class, 'paygw_passerelle\\') === 0) {
            $file = $plugindir . '/classes/' . str_replace('\\', '/', substr($class, strlen('paygw_passerelle\\'))) . '.php';
            if (is_file($file)) {
                require_once($file);
            }
        }
    });
}

// Exceptions.

class moodle_exception extends \Exception {
    public $errorcode;
    public $module;
    public $a;
    public $link;
    public $debuginfo;

    public function __construct($errorcode, $module = '', $link = '', $a = null, $debuginfo = null) {
        $this->errorcode = $errorcode;
        $this->module = $module;
        $this->a = $a;
        $this->link = $link;
        $this->debuginfo = $debuginfo;
        $message = $module === 'paygw_passerelle' ? get_string($errorcode, $module, $a) : "[$errorcode,$module]";
        parent::__construct($message);
    }
}

class coding_exception extends moodle_exception {
    public function __construct($hint, $debuginfo = null) {
        \Exception::__construct('Coding error detected: ' . $hint . ($debuginfo ? ' ' . $debuginfo : ''));
    }
}

class dml_exception extends moodle_exception {
    public function __construct($message) {
        \Exception::__construct($message);
    }
}

class dml_write_exception extends dml_exception {
}

class dml_missing_record_exception extends dml_exception {
}

class invalid_parameter_exception extends moodle_exception {
    public function __construct($debuginfo = null) {
        \Exception::__construct('Invalid parameter value detected: ' . $debuginfo);
    }
}

class require_login_exception extends moodle_exception {
    public function __construct($debuginfo = null) {
        \Exception::__construct('You are not logged in' . ($debuginfo ? ': ' . $debuginfo : ''));
    }
}

// Configuration, strings, parameters.

function get_config($plugin, $name = null) {
    global $DB;
    $record = $DB->get_record('config_plugins', ['plugin' => $plugin, 'name' => $name]);
    return $record ? $record->value : false;
}

function set_config($name, $value, $plugin = 'core') {
    global $DB, $CFG;
    $record = $DB->get_record('config_plugins', ['plugin' => $plugin, 'name' => $name]);
    if ($record) {
        $DB->set_field('config_plugins', 'value', $value, ['id' => $record->id]);
    } else {
        $DB->insert_record('config_plugins', (object) ['plugin' => $plugin, 'name' => $name, 'value' => $value]);
    }
    if ($plugin === 'core') {
        $CFG->$name = $value;
    }
    return true;
}

/**
 * The plugin's own strings come from its lang files ($CFG->lang), and a missing one is an error; other components'
 * strings are shown as [key,component].
 */
function get_string($identifier, $component = '', $a = null) {
    global $CFG;
    if ($component !== 'paygw_passerelle') {
        return "[$identifier,$component]";
    }
    static $strings = [];
    $lang = $CFG->lang;
    if (!isset($strings[$lang])) {
        $string = [];
        require($CFG->standin_plugindir . '/lang/' . $lang . '/paygw_passerelle.php');
        $strings[$lang] = $string;
    }
    if (!isset($strings[$lang][$identifier])) {
        throw new \coding_exception("Invalid get_string() identifier: '$identifier' in paygw_passerelle ($lang)");
    }
    $text = $strings[$lang][$identifier];
    if ($a !== null) {
        if (is_object($a) || is_array($a)) {
            foreach ((array) $a as $key => $value) {
                if (is_scalar($value) || $value === null) {
                    $text = str_replace('{$a->' . $key . '}', (string) $value, $text);
                }
            }
        } else {
            $text = str_replace('{$a}', (string) $a, $text);
        }
    }
    return $text;
}

function clean_param($value, $type) {
    switch ($type) {
        case PARAM_INT:
            return (int) $value;
        case PARAM_BOOL:
            return (bool) $value;
        case PARAM_ALPHA:
            return preg_replace('/[^a-zA-Z]/', '', (string) $value);
        case PARAM_ALPHANUM:
            return preg_replace('/[^a-zA-Z0-9]/', '', (string) $value);
        case PARAM_ALPHANUMEXT:
            return preg_replace('/[^a-zA-Z0-9_-]/', '', (string) $value);
        case PARAM_AREA:
        case PARAM_COMPONENT:
            return preg_match('/^[a-z][a-z0-9_]*$/', (string) $value) ? (string) $value : '';
        case PARAM_TEXT:
            return strip_tags((string) $value);
        case PARAM_URL:
            return preg_match('#^https?://[^\s<>"]+$#i', (string) $value) ? (string) $value : '';
        case PARAM_RAW_TRIMMED:
            return trim((string) $value);
        default:
            return $value;
    }
}

function required_param($name, $type) {
    if (!isset($_GET[$name]) && !isset($_POST[$name])) {
        throw new moodle_exception('missingparam', '', '', $name);
    }
    return clean_param($_POST[$name] ?? $_GET[$name], $type);
}

function optional_param($name, $default, $type) {
    return isset($_POST[$name]) || isset($_GET[$name]) ? clean_param($_POST[$name] ?? $_GET[$name], $type) : $default;
}

function random_string($length = 15) {
    $pool = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    $string = '';
    for ($i = 0; $i < $length; $i++) {
        $string .= $pool[random_int(0, strlen($pool) - 1)];
    }
    return $string;
}

function validate_email($address) {
    return (bool) filter_var($address, FILTER_VALIDATE_EMAIL);
}

function s($var) {
    return htmlspecialchars((string) $var, ENT_QUOTES | ENT_HTML5, 'UTF-8');
}

/** As Moodle with its default formatstringstriptags: lone ampersands escaped, every tag stripped. */
function format_string($string, $striplinks = true, $options = null) {
    $string = preg_replace('/&(?![a-zA-Z0-9#]{1,8};)/', '&amp;', (string) $string);
    return str_replace(['<', '>'], ['&lt;', '&gt;'], strip_tags($string));
}

function format_float($float, $decimalpoints = 1) {
    return number_format((float) $float, $decimalpoints, '.', '');
}

class core_text {
    public static function substr($text, $start, $len = null) {
        return mb_substr($text, $start, $len, 'UTF-8');
    }
}

/** What debugging() and mtrace() said, for tests to look at. */
class standin_debugging {
    public static $messages = [];
}

function debugging($message = '', $level = DEBUG_NORMAL) {
    standin_debugging::$messages[] = $message;
    if (getenv('STANDIN_DEBUG')) {
        error_log('debugging: ' . $message);
    }
    return true;
}

function mtrace($string, $eol = "\n") {
    standin_debugging::$messages[] = $string;
    if (defined('STANDIN_MTRACE_ECHO')) {
        echo $string . $eol;
    }
}

// Users and login.

function isloggedin() {
    global $USER;
    return !empty($USER->id);
}

function isguestuser($user = null) {
    global $USER;
    $user = $user ?? $USER;
    return !empty($user->username) && $user->username === 'guest';
}

/**
 * On the web, the stand-in session is the MoodleSession cookie (a row of standin_sessions); elsewhere, $USER as set.
 */
function require_login($courseorid = null, $autologinguest = true) {
    global $USER;
    if (!isloggedin()) {
        if (PHP_SAPI !== 'cli' && PHP_SAPI !== 'phpdbg') {
            redirect(new moodle_url('/login/index.php'));
        }
        throw new require_login_exception();
    }
}

/**
 * Logs the session's user in, on the web.
 */
function standin_web_login(): void {
    global $DB, $USER;
    $sid = $_COOKIE['MoodleSession'] ?? '';
    if ($sid !== '') {
        $session = $DB->get_record('standin_sessions', ['sid' => $sid]);
        if ($session) {
            $USER = $DB->get_record('user', ['id' => $session->userid]);
        }
    }
}

class moodle_url {
    private $path;
    private $params;

    public function __construct($url, ?array $params = null) {
        global $CFG;
        $url = (string) $url;
        $query = [];
        if (strpos($url, '?') !== false) {
            [$url, $querystring] = explode('?', $url, 2);
            parse_str($querystring, $query);
        }
        $this->path = preg_match('#^https?://#', $url) ? $url : $CFG->wwwroot . $url;
        $this->params = array_merge($query, $params ?? []);
    }

    public function out($escaped = true, array $overrideparams = null) {
        $params = array_merge($this->params, $overrideparams ?? []);
        $url = $this->path . ($params ? '?' . http_build_query($params, '', $escaped ? '&amp;' : '&') : '');
        return $url;
    }

    public function get_param($name) {
        return $this->params[$name] ?? null;
    }

    public function __toString() {
        return $this->out(true);
    }
}

abstract class context {
    public $id;
    public $instanceid;
    public $contextlevel;
}

class context_system extends context {
    public static function instance() {
        $context = new self();
        $context->id = SYSCONTEXTID;
        $context->instanceid = 0;
        $context->contextlevel = CONTEXT_SYSTEM;
        return $context;
    }
}

class context_course extends context {
    public static function instance($courseid) {
        $context = new self();
        $context->id = 1000 + (int) $courseid;
        $context->instanceid = (int) $courseid;
        $context->contextlevel = CONTEXT_COURSE;
        return $context;
    }
}

class context_user extends context {
    public static function instance($userid) {
        $context = new self();
        $context->id = 100000 + (int) $userid;
        $context->instanceid = (int) $userid;
        $context->contextlevel = CONTEXT_USER;
        return $context;
    }
}

function enrol_get_plugin($name) {
    if ($name !== 'fee') {
        throw new coding_exception('stand-in: only enrol_fee exists');
    }
    return new enrol_fee_plugin();
}

/**
 * Moodle's enrol_fee plugin, what the payment flow touches: enrol_user updates the dates of a user already enrolled
 * (so a second delivery would restart the period: the tests count deliveries to prove there is none).
 */
class enrol_fee_plugin {
    public function enrol_user(stdClass $instance, $userid, $roleid = null, $timestart = 0, $timeend = 0) {
        global $DB;
        $existing = $DB->get_record('user_enrolments', ['enrolid' => $instance->id, 'userid' => $userid]);
        if ($existing) {
            $DB->update_record('user_enrolments', (object) ['id' => $existing->id, 'timestart' => $timestart,
                'timeend' => $timeend, 'timemodified' => time()]);
        } else {
            $DB->insert_record('user_enrolments', (object) ['enrolid' => $instance->id, 'userid' => $userid,
                'timestart' => $timestart, 'timeend' => $timeend, 'timemodified' => time()]);
        }
    }

    public function unenrol_user(stdClass $instance, $userid) {
        global $DB;
        $DB->delete_records('user_enrolments', ['enrolid' => $instance->id, 'userid' => $userid]);
    }
}

/** The settings page of settings.php. */
class standin_settingpage {
    public $settings = [];

    public function add($setting) {
        $this->settings[] = $setting;
        return true;
    }
}

class admin_setting_heading {
    public $name;
    public $heading;
    public $information;

    public function __construct($name, $heading, $information) {
        $this->name = $name;
        $this->heading = $heading;
        $this->information = $information;
    }
}
