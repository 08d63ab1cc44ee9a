<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * Where Passerelle sends the learner back from HelloAsso (the order's returnUrl): paid, the item is delivered and the
 * learner goes on to Moodle's success page; otherwise this page says what happened and what to do next.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

use paygw_passerelle\local\return_page;

require(__DIR__ . '/../../../config.php');

$reference = required_param('ref', PARAM_ALPHANUMEXT);
$token = required_param('token', PARAM_ALPHANUM);
$url = new moodle_url('/payment/gateway/passerelle/return.php', ['ref' => $reference, 'token' => $token]);

$PAGE->set_url($url);
$PAGE->set_context(context_system::instance());
require_login(null, false);
if (isguestuser()) {
    throw new moodle_exception('error:guest', 'paygw_passerelle');
}

$view = return_page::decide($reference, $token, $USER, time());
if ($view['kind'] === return_page::PAID) {
    redirect($view['successurl'], get_string('return:paid', 'paygw_passerelle'), null,
        \core\output\notification::NOTIFY_SUCCESS);
}

$PAGE->set_pagelayout('standard');
$PAGE->set_title(get_string('return:title', 'paygw_passerelle'));
$PAGE->set_heading(get_string('return:title', 'paygw_passerelle'));
if ($view['refresh']) {
    $PAGE->set_periodic_refresh_delay(15);
}

echo $OUTPUT->header();
$notices = [
    return_page::WAITING => \core\output\notification::NOTIFY_INFO,
    return_page::REFUSED => \core\output\notification::NOTIFY_ERROR,
    return_page::CLOSED => \core\output\notification::NOTIFY_WARNING,
    return_page::UNAVAILABLE => \core\output\notification::NOTIFY_WARNING,
];
echo $OUTPUT->notification(get_string('return:' . $view['kind'], 'paygw_passerelle'), $notices[$view['kind']], false);

$buttons = '';
if ($view['payurl']) {
    $label = $view['kind'] === return_page::REFUSED ? 'return:payagain' : 'return:paynow';
    $buttons .= html_writer::link($view['payurl'], get_string($label, 'paygw_passerelle'),
        ['class' => 'btn btn-primary mr-2 me-2', 'id' => 'paygw-passerelle-pay']);
}
if ($view['kind'] === return_page::UNAVAILABLE) {
    $buttons .= html_writer::link($url, get_string('return:checkagain', 'paygw_passerelle'),
        ['class' => 'btn btn-primary mr-2 me-2', 'id' => 'paygw-passerelle-check']);
}
$buttons .= html_writer::link($view['successurl'], get_string('return:back', 'paygw_passerelle'),
    ['class' => 'btn btn-secondary', 'id' => 'paygw-passerelle-back']);
echo html_writer::div($buttons, 'mt-3');
if ($view['orderurl']) {
    echo html_writer::tag('p', html_writer::link($view['orderurl'], get_string('return:follow', 'paygw_passerelle'),
        ['id' => 'paygw-passerelle-order']), ['class' => 'mt-3']);
}
echo $OUTPUT->footer();
