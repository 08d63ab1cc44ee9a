<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

// Stand-ins for Moodle's web-service classes (core_external, Moodle 4.2+): parameter validation as Moodle does it for
// the types the plugin declares, validate_context() requiring a login, and the description of the return values.

namespace core_external {
    abstract class external_description {
        public $desc;
        public $required;
        public $default;
    }

    class external_value extends external_description {
        public $type;
        public $allownull;

        public function __construct($type, $desc = '', $required = VALUE_REQUIRED, $default = null, $allownull = true) {
            $this->type = $type;
            $this->desc = $desc;
            $this->required = $required;
            $this->default = $default;
            $this->allownull = $allownull;
        }
    }

    class external_single_structure extends external_description {
        public $keys;

        public function __construct(array $keys = [], $desc = '', $required = VALUE_REQUIRED, $default = null) {
            $this->keys = $keys;
            $this->desc = $desc;
            $this->required = $required;
            $this->default = $default;
        }
    }

    class external_function_parameters extends external_single_structure {
    }

    class external_api {
        /** Like Moodle: every declared key, cleaned to its type; a missing required one or a value of the wrong form fails. */
        public static function validate_parameters(external_description $description, $params) {
            $result = [];
            foreach ($description->keys as $key => $value) {
                if (!array_key_exists($key, $params)) {
                    if ($value->required === VALUE_REQUIRED) {
                        throw new \invalid_parameter_exception("Missing required key: $key");
                    }
                    $result[$key] = $value->default;
                    continue;
                }
                $cleaned = clean_param($params[$key], $value->type);
                if ($value->type !== PARAM_TEXT && (string) $cleaned !== (string) $params[$key]) {
                    throw new \invalid_parameter_exception("$key: invalid value");
                }
                $result[$key] = $cleaned;
            }
            return $result;
        }

        /** Cleans a return value as Moodle's web-service layer does (a value of the wrong form is an error there). */
        public static function clean_returnvalue(external_description $description, $response) {
            $result = [];
            foreach ($description->keys as $key => $value) {
                if (!array_key_exists($key, $response)) {
                    throw new \invalid_parameter_exception("Missing return key: $key");
                }
                $cleaned = clean_param($response[$key], $value->type);
                if ((string) $cleaned !== (string) $response[$key]) {
                    throw new \invalid_parameter_exception("$key: invalid return value " . $response[$key]);
                }
                $result[$key] = $cleaned;
            }
            return $result;
        }

        public static function validate_context($context) {
            require_login();
        }
    }
}
