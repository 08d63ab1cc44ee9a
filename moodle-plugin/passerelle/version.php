<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Version of the Passerelle payment gateway for Moodle 4.1 to 5.0.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$plugin->component = 'paygw_passerelle';
$plugin->version = 2026120300;
$plugin->requires = 2022112800;     // Moodle 4.1.
$plugin->supported = [401, 500];
$plugin->maturity = MATURITY_BETA;
$plugin->release = '0.1.0';
