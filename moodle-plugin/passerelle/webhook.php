<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Passerelle's signed webhooks: no session, no login. Answers JSON: 200 when handled (or not about an order of this
 * site), 401 for a bad signature or an old timestamp, 400 for a malformed request, 503 to be tried again later.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

// phpcs:ignore moodle.Files.RequireLogin.Missing -- Passerelle calls this page; the signature authenticates it.
define('NO_DEBUG_DISPLAY', true);
define('NO_MOODLE_COOKIES', true);

require(__DIR__ . '/../../../config.php');

[$status, $answer] = \paygw_passerelle\local\webhook::handle($_SERVER['REQUEST_METHOD'] ?? 'GET',
    \paygw_passerelle\local\webhook::headers($_SERVER), (string) file_get_contents('php://input'), time());
http_response_code($status);
header('Content-Type: application/json');
header('Cache-Control: no-store');
echo json_encode($answer);
