<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

// Stand-ins for Moodle's page output: $PAGE, $OUTPUT, html_writer and redirect(), as plain HTML a test can read.

class standin_page {
    public $url;
    public $context;
    public $title = '';
    public $heading = '';
    public $pagelayout = '';
    public $refresh = null;

    public function set_url($url, ?array $params = null) {
        $this->url = $url;
    }

    public function set_context($context) {
        $this->context = $context;
    }

    public function set_pagelayout($layout) {
        $this->pagelayout = $layout;
    }

    public function set_title($title, bool $appendsitename = true) {
        $this->title = $title;
    }

    public function set_heading($heading, bool $applyformatting = true, bool $clean = true) {
        $this->heading = $heading;
    }

    public function set_periodic_refresh_delay($delay = null) {
        $this->refresh = $delay;
    }
}

class standin_output {
    public function header() {
        global $PAGE;
        $refresh = $PAGE->refresh ? '<meta http-equiv="refresh" content="' . (int) $PAGE->refresh . '">' : '';
        $notice = '';
        if (PHP_SAPI !== 'cli' && session_status() === PHP_SESSION_ACTIVE && !empty($_SESSION['standin_notice'])) {
            $notice = $_SESSION['standin_notice'];
            unset($_SESSION['standin_notice']);
        }
        return '<!DOCTYPE html><html><head><meta charset="utf-8"><title>' . s($PAGE->title) . '</title>' . $refresh
            . '</head><body><h1>' . s($PAGE->heading) . '</h1>' . $notice;
    }

    public function notification($message, $type = null, $closebutton = true) {
        return '<div class="alert alert-' . s($type) . '" role="alert">' . $message . '</div>';
    }

    public function footer() {
        return '</body></html>';
    }
}

class html_writer {
    public static function tag($tagname, $contents, ?array $attributes = null) {
        return '<' . $tagname . self::attributes($attributes ?? []) . '>' . $contents . '</' . $tagname . '>';
    }

    public static function link($url, $text, ?array $attributes = null) {
        $href = $url instanceof moodle_url ? $url->out(true) : s((string) $url);
        return self::tag('a', $text, ['href' => $href] + ($attributes ?? []));
    }

    public static function div($content, $class = '', ?array $attributes = null) {
        return self::tag('div', $content, ($class !== '' ? ['class' => $class] : []) + ($attributes ?? []));
    }

    private static function attributes(array $attributes): string {
        $html = '';
        foreach ($attributes as $name => $value) {
            // moodle_url::out(true) is already escaped; other values are escaped here.
            $html .= ' ' . $name . '="' . ($name === 'href' ? $value : s($value)) . '"';
        }
        return $html;
    }
}

/** Thrown by redirect() outside a web server, so that tests see where the page sends the user. */
class standin_redirect extends \Exception {
    public $url;
    public $notice;

    public function __construct(string $url, ?string $notice) {
        parent::__construct('redirect to ' . $url);
        $this->url = $url;
        $this->notice = $notice;
    }
}

function redirect($url, $message = '', $delay = null, $messagetype = null) {
    $target = $url instanceof moodle_url ? $url->out(false) : (string) $url;
    if (PHP_SAPI === 'cli' || PHP_SAPI === 'phpdbg') {
        throw new standin_redirect($target, $message === '' ? null : $message);
    }
    if ($message !== '' && session_status() === PHP_SESSION_ACTIVE) {
        $_SESSION['standin_notice'] = '<div class="alert alert-' . s($messagetype) . '">' . s($message) . '</div>';
    }
    header('Location: ' . $target, true, 303);
    exit(0);
}
