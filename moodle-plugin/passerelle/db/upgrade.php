<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Upgrades of the Passerelle payment gateway's table.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

/**
 * Brings the plugin's table up to date. The first release has nothing to upgrade yet; each later change of
 * db/install.xml adds a step here with its upgrade_plugin_savepoint().
 *
 * @param int $oldversion the version installed before this upgrade
 * @return bool
 */
function xmldb_paygw_passerelle_upgrade($oldversion) {
    return true;
}
