<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * What the plugin needs to run on every supported Moodle version.
 *
 * Moodle 4.2 moved the web-service classes into the core_external namespace (and keeps the old global names as
 * aliases); Moodle 4.1 has only the global ones, from lib/externallib.php. The plugin is written against core_external
 * and, on 4.1, gives those names to the global classes.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

if (!class_exists('core_external\external_api')) {
    global $CFG;
    require_once($CFG->libdir . '/externallib.php');
    foreach (['external_api', 'external_function_parameters', 'external_single_structure', 'external_value'] as $name) {
        if (!class_exists('core_external\\' . $name, false)) {
            class_alias($name, 'core_external\\' . $name);
        }
    }
}
