<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

/**
 * The stand-in Moodle's config.php, for the end-to-end test: a folder laid out like Moodle (config.php, and the plugin
 * in payment/gateway/passerelle) served by `php -S`, whose config.php defines STANDIN_ROOT and STANDIN_WWWROOT and
 * requires this file. On the web, the MoodleSession cookie names the logged-in user and an exception ends the page
 * with Moodle's 404 error page.
 */

require_once(__DIR__ . '/moodle.php');

standin_boot(STANDIN_ROOT . '/moodledata', STANDIN_WWWROOT, STANDIN_ROOT . '/payment/gateway/passerelle');

if (PHP_SAPI !== 'cli') {
    session_save_path(STANDIN_ROOT . '/moodledata');
    session_name('StandinNotices');
    session_start();
    standin_web_login();
    set_exception_handler(function(\Throwable $e) {
        http_response_code(404);
        echo '<!DOCTYPE html><html><body><div class="errorbox alert alert-danger" data-rel="fatalerror">'
            . '<p class="errormessage">' . s($e->getMessage()) . '</p></div></body></html>';
        if (getenv('STANDIN_DEBUG')) {
            error_log((string) $e);
        }
    });
}
