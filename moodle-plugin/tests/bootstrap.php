<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

require_once(__DIR__ . '/standin/moodle.php');
require_once(__DIR__ . '/standin/filelib.php');
require_once(__DIR__ . '/unit/standin_testcase.php');
