<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Library of the Passerelle payment gateway.
 *
 * The gateway needs no Moodle callback: the payment subsystem finds it through classes/gateway.php, the modal through
 * amd/src/gateways_modal.js, the web service through db/services.php and the scheduled task through db/tasks.php.
 * Moodle loads every plugin's lib.php when it looks for callbacks (for instance before each outgoing HTTP request), so
 * this file deliberately stays empty.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();
