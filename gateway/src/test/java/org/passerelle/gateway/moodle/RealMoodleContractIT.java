package org.passerelle.gateway.moodle;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract's rows against a real Moodle set up as docs/moodle.md says (optional: see {@link RealMoodleIT} for
 * the variables). Each run adds a few accounts named after the contract, and leaves no enrolment behind.
 */
@EnabledIfEnvironmentVariable(named = RealMoodleIT.URL, matches = ".+", disabledReason = RealMoodleIT.URL
        + " is not set: the real-Moodle contract is skipped (README, Development: a Moodle from shared/moodle/kit)")
class RealMoodleContractIT extends MoodleContract {

    @Override
    String url() {
        return System.getenv(RealMoodleIT.URL);
    }

    @Override
    String token() {
        return System.getenv("PASSERELLE_TEST_MOODLE_TOKEN");
    }

    @Override
    long course() {
        return RealMoodleIT.course();
    }
}
