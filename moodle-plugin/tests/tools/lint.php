<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later
//
// Every PHP file of the given folders must parse: `php -l` on each, with this PHP.
//   php lint.php DIR...

$failed = 0;
$count = 0;
foreach (array_slice($argv, 1) as $dir) {
    $iterator = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS));
    foreach ($iterator as $file) {
        if ($file->getExtension() !== 'php' || strpos($file->getPathname(), '/node_modules/') !== false) {
            continue;
        }
        $count++;
        exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg($file->getPathname()) . ' 2>&1', $output, $status);
        if ($status !== 0) {
            $failed++;
            fwrite(STDERR, implode("\n", $output) . "\n");
        }
        $output = [];
    }
}
echo "php -l: $count files, " . ($failed ? "$failed with errors" : 'all parse') . " (PHP " . PHP_VERSION . ")\n";
exit($failed ? 1 : ($count ? 0 : 2));
