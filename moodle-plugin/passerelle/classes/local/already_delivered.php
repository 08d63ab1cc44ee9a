<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

/**
 * Another request delivered the order first: this one rolls its transaction back (its payments row with it).
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class already_delivered extends \moodle_exception {

    /**
     * @param string $orderid Passerelle's order id
     */
    public function __construct(string $orderid) {
        parent::__construct('error:alreadydelivered', 'paygw_passerelle', '', $orderid);
    }
}
