<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\local;

/**
 * What reading an order back from Passerelle led to.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class sync_result {

    /** Paid, and delivered by this call. */
    const DELIVERED = 'delivered';
    /** Delivered before (by another path, or another request that won the race). */
    const ALREADY_DELIVERED = 'alreadydelivered';
    /** Not paid yet, and may still be. */
    const OPEN = 'open';
    /** Will not be paid: cancelled, or refunded or contested before it was delivered. */
    const CLOSED = 'closed';
    /** Delivered, then fully refunded: seen now. */
    const REFUNDED = 'refunded';
    /** Passerelle's order does not match the attempt (reference, amount or currency): nothing done. */
    const MISMATCH = 'mismatch';

    /** @var string one of the constants */
    public $outcome;
    /** @var array the order as Passerelle answered it */
    public $order;

    /**
     * @param string $outcome one of the constants
     * @param array $order the order as Passerelle answered it
     */
    public function __construct(string $outcome, array $order) {
        $this->outcome = $outcome;
        $this->order = $order;
    }

    /**
     * @return bool the item has been delivered (now or before)
     */
    public function is_delivered(): bool {
        return $this->outcome === self::DELIVERED || $this->outcome === self::ALREADY_DELIVERED
            || $this->outcome === self::REFUNDED;
    }

    /**
     * @return string Passerelle's status of the order
     */
    public function status(): string {
        return (string) ($this->order['status'] ?? '');
    }
}
