<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

// Stand-ins for Moodle's privacy API (core_privacy): the interfaces the provider implements, the metadata collection,
// context and user lists, and a writer that keeps what is exported for the tests to read.

namespace core_privacy\local\metadata {
    interface provider {
        public static function get_metadata(collection $collection): collection;
    }

    class collection {
        public $items = [];

        public function add_database_table($name, array $privacyfields, $summary = '') {
            $this->items[] = ['table', $name, $privacyfields, $summary];
            return $this;
        }

        public function add_external_location_link($name, array $privacyfields, $summary = '') {
            $this->items[] = ['external', $name, $privacyfields, $summary];
            return $this;
        }
    }
}

namespace core_privacy\local\request {
    interface core_user_data_provider {
        public static function get_contexts_for_userid(int $userid): contextlist;

        public static function export_user_data(approved_contextlist $contextlist);

        public static function delete_data_for_all_users_in_context(\context $context);

        public static function delete_data_for_user(approved_contextlist $contextlist);
    }

    interface core_userlist_provider {
        public static function get_users_in_context(userlist $userlist);

        public static function delete_data_for_users(approved_userlist $userlist);
    }

    class contextlist {
        public $sql = [];

        public function add_from_sql($sql, $params) {
            $this->sql[] = [$sql, $params];
            return $this;
        }
    }

    class approved_contextlist {
        private $user;
        private $contexts;

        public function __construct(\stdClass $user, string $component, array $contexts) {
            $this->user = $user;
            $this->contexts = $contexts;
        }

        public function get_user() {
            return $this->user;
        }

        public function get_contexts() {
            return $this->contexts;
        }
    }

    class userlist {
        private $context;
        public $sql = [];

        public function __construct(\context $context, string $component) {
            $this->context = $context;
        }

        public function get_context() {
            return $this->context;
        }

        public function add_from_sql($fieldname, $sql, $params) {
            $this->sql[] = [$fieldname, $sql, $params];
            return $this;
        }
    }

    class approved_userlist {
        private $context;
        private $userids;

        public function __construct(\context $context, string $component, array $userids) {
            $this->context = $context;
            $this->userids = $userids;
        }

        public function get_context() {
            return $this->context;
        }

        public function get_userids() {
            return $this->userids;
        }
    }

    class transform {
        public static function datetime($datetime) {
            return gmdate('Y-m-d H:i:s', (int) $datetime);
        }
    }

    class writer {
        /** @var array context id => list of [subcontext, data] */
        public static $exported = [];

        public static function with_context(\context $context) {
            return new class($context) {
                private $context;

                public function __construct($context) {
                    $this->context = $context;
                }

                public function export_data(array $subcontext, \stdClass $data) {
                    writer::$exported[$this->context->id][] = [$subcontext, $data];
                    return $this;
                }
            };
        }
    }
}

namespace core_privacy\local\request\plugin {
    interface provider extends \core_privacy\local\request\core_user_data_provider {
    }
}
