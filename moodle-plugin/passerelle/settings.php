<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Site-wide settings of the Passerelle payment gateway: the surcharge. The Passerelle address, API key and webhook
 * secret are set per payment account (Site administration > Payments > Payment accounts).
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

if ($ADMIN->fulltree) {
    $settings->add(new admin_setting_heading('paygw_passerelle_settings', '',
        get_string('pluginname_desc', 'paygw_passerelle')));
    \core_payment\helper::add_common_gateway_settings($settings, 'paygw_passerelle');
}
