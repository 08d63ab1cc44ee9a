<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

namespace paygw_passerelle\task;

use paygw_passerelle\local\settlement;

/**
 * Asks Passerelle about payments still open, oldest question first, in case a webhook was lost or the learner never
 * came back: a paid one is delivered (once), like on the return page. Each open order is asked about again after
 * half its age (5 minutes to 6 hours), for a week.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */
class check_pending extends \core\task\scheduled_task {

    /** Orders asked about per run; the rest wait for the next run. */
    const BATCH = 100;

    /**
     * @return string
     */
    public function get_name() {
        return get_string('task:checkpending', 'paygw_passerelle');
    }

    /**
     * Learners who paid are delivered even if the gateway was disabled since: disabling it stops new payments only.
     *
     * @return bool
     */
    public function get_run_if_component_disabled() {
        return true;
    }

    /**
     * @param int|null $now the current Unix time (tests)
     */
    public function execute(?int $now = null) {
        global $DB;
        $now = $now ?? time();
        [$insql, $params] = $DB->get_in_or_equal(settlement::OPEN, SQL_PARAMS_NAMED);
        $rows = $DB->get_records_select('paygw_passerelle',
            "paymentid IS NULL AND timenextcheck <= :now AND timecreated >= :since AND status $insql",
            $params + ['now' => $now, 'since' => $now - settlement::FOLLOW_FOR], 'timenextcheck ASC, id ASC', '*', 0,
            self::BATCH);
        $counts = [];
        foreach ($rows as $row) {
            try {
                $outcome = settlement::sync($row, $now)->outcome;
            } catch (\Throwable $e) {
                $outcome = 'error';
                $DB->set_field('paygw_passerelle', 'timenextcheck', settlement::next_check($row, $now), ['id' => $row->id]);
                mtrace('paygw_passerelle: order ' . $row->orderid . ' could not be checked: ' . $e->getMessage());
            }
            $counts[$outcome] = ($counts[$outcome] ?? 0) + 1;
            if ($outcome === 'delivered') {
                mtrace('paygw_passerelle: order ' . $row->orderid . ' paid: delivered to user ' . $row->userid);
            }
        }
        ksort($counts);
        mtrace('paygw_passerelle: ' . count($rows) . ' open payment(s) checked'
            . ($counts ? ' (' . http_build_query($counts, '', ', ') . ')' : ''));
    }
}
