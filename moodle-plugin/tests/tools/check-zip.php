<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later
//
// The package must be what Moodle's "Install plugins" page accepts (\core\update\validator): one top folder named
// passerelle, version.php naming paygw_passerelle, the English strings, and nothing but the plugin (no tests, no build
// tooling).
//   php check-zip.php ZIP PLUGIN_DIR

[, $zipfile, $plugindir] = $argv;
$zip = new ZipArchive();
if ($zip->open($zipfile) !== true) {
    fwrite(STDERR, "cannot open $zipfile\n");
    exit(1);
}
$problems = [];
$names = [];
for ($i = 0; $i < $zip->numFiles; $i++) {
    $name = $zip->getNameIndex($i);
    if (substr($name, -1) !== '/') {
        $names[] = $name;
    }
}
$tops = array_unique(array_map(function($name) {
    return explode('/', $name)[0];
}, $names));
if ($tops !== ['passerelle'] && array_values($tops) !== ['passerelle']) {
    $problems[] = 'top folders: ' . implode(', ', $tops) . ' (expected only passerelle)';
}
foreach (['passerelle/version.php', 'passerelle/lang/en/paygw_passerelle.php', 'passerelle/classes/gateway.php',
        'passerelle/amd/build/gateways_modal.min.js', 'passerelle/db/install.xml'] as $required) {
    if (!in_array($required, $names, true)) {
        $problems[] = "missing $required";
    }
}
if (strpos((string) $zip->getFromName('passerelle/version.php'), "'paygw_passerelle'") === false) {
    $problems[] = 'version.php does not name paygw_passerelle';
}
$expected = [];
$iterator = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($plugindir, FilesystemIterator::SKIP_DOTS));
foreach ($iterator as $file) {
    $expected[] = 'passerelle/' . substr($file->getPathname(), strlen(rtrim($plugindir, '/')) + 1);
}
sort($expected);
sort($names);
if ($names !== $expected) {
    $problems[] = 'the zip does not hold exactly the plugin folder: extra ' . implode(', ', array_diff($names, $expected))
        . '; missing ' . implode(', ', array_diff($expected, $names));
}
foreach ($names as $name) {
    if ((string) $zip->getFromName($name) !== file_get_contents('/' . trim($plugindir, '/') . '/' . substr($name, 11))) {
        $problems[] = "$name differs from the source";
    }
}
if ($problems) {
    fwrite(STDERR, basename($zipfile) . ":\n  " . implode("\n  ", $problems) . "\n");
    exit(1);
}
echo basename($zipfile) . ': ' . count($names) . " files under passerelle/, as Moodle's plugin installer expects\n";
