<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

/**
 * The files Moodle reads when it installs and runs the plugin, held to what Moodle expects of them (see
 * ../shared/moodle/paygw-facts.md), and the plugin held to PHP 7.4, the oldest PHP Moodle 4.1 runs on.
 */
class plugin_files_test extends standin_testcase {

    private static function plugin(): string {
        return dirname(__DIR__, 2) . '/passerelle';
    }

    private static function php_files(): array {
        $files = [];
        $iterator = new RecursiveIteratorIterator(new RecursiveDirectoryIterator(self::plugin(), FilesystemIterator::SKIP_DOTS));
        foreach ($iterator as $file) {
            if ($file->getExtension() === 'php') {
                $files[] = $file->getPathname();
            }
        }
        sort($files);
        return $files;
    }

    public function test_version_php_says_what_moodle_needs(): void {
        $plugin = new stdClass();
        require(self::plugin() . '/version.php');
        $this->assertSame('paygw_passerelle', $plugin->component);
        $this->assertMatchesRegularExpression('/^20\d{8}$/', (string) $plugin->version);
        $this->assertSame(2022112800, $plugin->requires, 'Moodle 4.1');
        $this->assertSame([401, 500], $plugin->supported);
        $this->assertSame(MATURITY_BETA, $plugin->maturity);
        $this->assertIsString($plugin->release);
    }

    public function test_the_web_service_and_the_task_are_declared_with_classes_that_exist(): void {
        $functions = [];
        require(self::plugin() . '/db/services.php');
        $this->assertSame(['paygw_passerelle_start_payment'], array_keys($functions));
        foreach ($functions as $function) {
            $this->assertTrue($function['ajax'], 'called by the modal through core/ajax');
            $this->assertTrue($function['loginrequired']);
            $this->assertSame('write', $function['type']);
            foreach (['execute', 'execute_parameters', 'execute_returns'] as $method) {
                $this->assertTrue(method_exists($function['classname'], $method), $method);
            }
        }
        $tasks = [];
        require(self::plugin() . '/db/tasks.php');
        foreach ($tasks as $task) {
            $this->assertTrue(is_subclass_of($task['classname'], \core\task\scheduled_task::class));
            foreach (['minute', 'hour', 'day', 'month', 'dayofweek'] as $field) {
                $this->assertArrayHasKey($field, $task);
            }
        }
    }

    public function test_installing_enables_the_gateway_and_upgrading_succeeds(): void {
        require_once(self::plugin() . '/db/install.php');
        require_once(self::plugin() . '/db/upgrade.php');
        set_config('paygw_plugins_sortorder', 'paypal');
        $this->assertTrue(xmldb_paygw_passerelle_install());   // Moodle records the version once this returns
        set_config('version', 2026120300, 'paygw_passerelle');
        $this->assertSame(['paypal' => 'paypal', 'passerelle' => 'passerelle'], \core\plugininfo\paygw::get_enabled_plugins());
        $this->assertTrue(xmldb_paygw_passerelle_upgrade(2026010100));
    }

    public function test_the_settings_page_has_the_surcharge(): void {
        $ADMIN = (object) ['fulltree' => true];
        $settings = new standin_settingpage();
        require(self::plugin() . '/settings.php');
        $this->assertSame('paygw_passerelle_settings', $settings->settings[0]->name);
        $this->assertSame('paygw_passerelle/surcharge', $settings->settings[1]->name);
    }

    public function test_the_table_is_declared_for_moodles_installer(): void {
        $xml = simplexml_load_file(self::plugin() . '/db/install.xml');
        $this->assertSame('payment/gateway/passerelle/db', (string) $xml['PATH']);
        $this->assertSame('paygw_passerelle', (string) $xml->TABLES->TABLE['NAME']);
        $unique = [];
        foreach ($xml->TABLES->TABLE->INDEXES->INDEX as $index) {
            if ((string) $index['UNIQUE'] === 'true') {
                $unique[] = (string) $index['FIELDS'];
            }
        }
        $this->assertSame(['orderid', 'reference'], $unique, 'one row per Passerelle order');
    }

    public function test_every_string_used_exists_in_english_and_french(): void {
        $string = [];
        require(self::plugin() . '/lang/en/paygw_passerelle.php');
        $english = $string;
        $string = [];
        require(self::plugin() . '/lang/fr/paygw_passerelle.php');
        $french = $string;
        $this->assertSame(array_keys($english), array_keys($french), 'the same strings, in the same order');
        $sorted = array_keys($english);
        sort($sorted, SORT_STRING);
        $this->assertSame($sorted, array_keys($english), 'in alphabetical order, as Moodle lang files are');
        foreach (['pluginname', 'gatewayname', 'gatewaydescription'] as $required) {
            $this->assertArrayHasKey($required, $english);
        }
        $used = [];
        foreach (self::php_files() as $file) {
            $code = file_get_contents($file);
            preg_match_all("/(?:get_string|moodle_exception)\\(\\s*'([^']+)',\\s*'paygw_passerelle'/", $code, $m);
            $used = array_merge($used, $m[1]);
            preg_match_all("/'(privacy:[^']+)'/", $code, $m);
            $used = array_merge($used, $m[1]);
        }
        foreach (['blocked', 'unreachable', 'unauthorized', 'notfound', 'notpasserelle', 'refused'] as $kind) {
            $used[] = 'error:' . $kind;   // client_exception's kinds
        }
        foreach (['paid', 'waiting', 'refused', 'closed', 'unavailable'] as $kind) {
            $used[] = 'return:' . $kind;  // return_page's kinds
        }
        $missing = array_diff(array_unique($used), array_keys($english));
        $this->assertSame([], array_values($missing));
    }

    public function test_the_code_runs_on_php_7_4(): void {
        $php8 = [T_MATCH => 'match', T_NULLSAFE_OBJECT_OPERATOR => '?->', T_READONLY => 'readonly', T_ENUM => 'enum',
            T_ATTRIBUTE => '#['];
        $functions = ['str_contains', 'str_starts_with', 'str_ends_with', 'array_is_list', 'get_debug_type',
            'fdiv', 'get_resource_id'];
        foreach (self::php_files() as $file) {
            $tokens = token_get_all(file_get_contents($file));
            foreach ($tokens as $i => $token) {
                if (!is_array($token)) {
                    continue;
                }
                $this->assertArrayNotHasKey($token[0], $php8, basename($file) . ':' . $token[2] . ' uses ' .
                    ($php8[$token[0]] ?? ''));
                if ($token[0] === T_STRING && in_array(strtolower($token[1]), $functions, true)) {
                    $this->fail(basename($file) . ':' . $token[2] . ' calls ' . $token[1] . '(), PHP 8 only');
                }
                if ($token[0] === T_STRING && $token[1] === 'mixed') {
                    $this->fail(basename($file) . ':' . $token[2] . ' uses the mixed type, PHP 8 only');
                }
            }
            $this->assertDoesNotMatchRegularExpression('/function __construct\([^)]*\b(public|protected|private)\s/s',
                file_get_contents($file), basename($file) . ' promotes constructor parameters (PHP 8)');
            $this->assertDoesNotMatchRegularExpression('/\):\s*static\b/', file_get_contents($file),
                basename($file) . ' returns static (PHP 8)');
            $this->assertDoesNotMatchRegularExpression('/catch\s*\(\s*[\\\\\w]+\s*\)/', file_get_contents($file),
                basename($file) . ' catches without a variable (PHP 8)');
        }
    }

    public function test_every_class_file_is_where_moodles_autoloader_looks(): void {
        foreach (self::php_files() as $file) {
            $code = file_get_contents($file);
            $this->assertStringStartsWith("<?php\n// This file is part of paygw_passerelle", $code, $file);
            $this->assertStringContainsString('GPL-3.0-or-later', $code, $file);
            $relative = substr($file, strlen(self::plugin()) + 1);
            if (strpos($relative, 'classes/') !== 0) {
                continue;
            }
            $class = 'paygw_passerelle\\' . str_replace('/', '\\', substr($relative, strlen('classes/'), -4));
            $namespace = substr($class, 0, strrpos($class, '\\'));
            $this->assertStringContainsString("namespace $namespace;", $code, $relative);
            $this->assertMatchesRegularExpression('/\n(abstract )?(class|interface) ' . preg_quote(substr($class,
                strrpos($class, '\\') + 1), '/') . '\b/', $code, $relative);
        }
    }

    public function test_the_amd_build_is_the_named_module_built_from_the_current_source(): void {
        $build = file_get_contents(self::plugin() . '/amd/build/gateways_modal.min.js');
        $this->assertStringStartsWith('define("paygw_passerelle/gateways_modal",["exports","core/ajax"]', $build);
        $this->assertStringEndsWith("//# sourceMappingURL=gateways_modal.min.js.map", rtrim($build));
        $map = json_decode(file_get_contents(self::plugin() . '/amd/build/gateways_modal.min.js.map'), true);
        $this->assertSame(['../src/gateways_modal.js'], $map['sources']);
        $this->assertSame(file_get_contents(self::plugin() . '/amd/src/gateways_modal.js'), $map['sourcesContent'][0],
            'amd/build is out of date: cd moodle-plugin/amd-build && npm ci && npm run build');
    }
}
