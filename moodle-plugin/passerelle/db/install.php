<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Installation of the Passerelle payment gateway.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

/**
 * Enables the gateway site-wide once installed: it is offered only in the payment accounts where an administrator
 * configures and enables it. The list of enabled gateways is written directly: \core\plugininfo\paygw::enable_plugin()
 * keeps only gateways already installed, which this one is not until this function has returned.
 *
 * @return bool
 */
function xmldb_paygw_passerelle_install() {
    global $CFG;
    $enabled = empty($CFG->paygw_plugins_sortorder) ? [] : explode(',', $CFG->paygw_plugins_sortorder);
    if (!in_array('passerelle', $enabled, true)) {
        $enabled[] = 'passerelle';
        set_config('paygw_plugins_sortorder', implode(',', $enabled));
    }
    return true;
}
