<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Web services of the Passerelle payment gateway, called by its modal (amd/src/gateways_modal.js).
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$functions = [
    'paygw_passerelle_start_payment' => [
        'classname' => 'paygw_passerelle\external\start_payment',
        'methodname' => 'execute',
        'description' => 'Starts (or resumes) the logged-in user\'s payment of an item through Passerelle and '
            . 'returns the HelloAsso checkout address.',
        'type' => 'write',
        'ajax' => true,
        'loginrequired' => true,
    ],
];
