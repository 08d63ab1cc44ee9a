<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

// Stand-ins for Moodle's namespaced core classes the plugin uses: locks, scheduled tasks, the paygw plugin type.

namespace core\lock {
    class lock_config {
        public static function get_lock_factory($type) {
            return new standin_lock_factory($type);
        }
    }

    /** File locks under the data root, shared by the processes of a test. */
    class standin_lock_factory {
        private $type;

        public function __construct($type) {
            $this->type = $type;
        }

        public function get_lock($resource, $timeout, $maxlifetime = 86400) {
            global $CFG;
            $handle = fopen($CFG->dataroot . '/lock-' . sha1($this->type . '/' . $resource), 'c');
            $deadline = microtime(true) + $timeout;
            while (!flock($handle, LOCK_EX | LOCK_NB)) {
                if (microtime(true) > $deadline) {
                    fclose($handle);
                    return false;
                }
                usleep(20000);
            }
            return new lock($handle);
        }
    }

    class lock {
        private $handle;

        public function __construct($handle) {
            $this->handle = $handle;
        }

        public function release() {
            if ($this->handle) {
                flock($this->handle, LOCK_UN);
                fclose($this->handle);
                $this->handle = null;
            }
            return true;
        }
    }
}

namespace core\task {
    abstract class scheduled_task {
        abstract public function get_name();

        abstract public function execute();

        public function get_run_if_component_disabled() {
            return false;
        }
    }
}

namespace core\plugininfo {
    /** As Moodle: enabling keeps only installed gateways (a config_plugins "version" row; PayPal comes with Moodle). */
    class paygw {
        public static function get_enabled_plugins() {
            global $CFG;
            $names = array_values(array_intersect(array_filter(explode(',', (string) $CFG->paygw_plugins_sortorder)),
                self::installed()));
            return $names ? array_combine($names, $names) : [];
        }

        public static function enable_plugin(string $pluginname, int $enabled): bool {
            global $CFG;
            $plugins = array_filter(explode(',', (string) $CFG->paygw_plugins_sortorder));
            $plugins = $enabled ? array_unique(array_merge($plugins, [$pluginname])) : array_diff($plugins, [$pluginname]);
            set_config('paygw_plugins_sortorder', implode(',', array_intersect($plugins, self::installed())));
            return true;
        }

        private static function installed(): array {
            $installed = ['paypal'];
            if (get_config('paygw_passerelle', 'version') !== false) {
                $installed[] = 'passerelle';
            }
            return $installed;
        }
    }
}

namespace core\output {
    class notification {
        const NOTIFY_SUCCESS = 'success';
        const NOTIFY_WARNING = 'warning';
        const NOTIFY_INFO = 'info';
        const NOTIFY_ERROR = 'error';
    }
}
