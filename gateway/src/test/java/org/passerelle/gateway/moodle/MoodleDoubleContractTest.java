package org.passerelle.gateway.moodle;

import org.junit.jupiter.api.AfterAll;
import org.passerelle.gateway.support.MoodleDouble;

/** The Moodle double answers the contract's rows exactly as the real Moodle 4.5 did. */
class MoodleDoubleContractTest extends MoodleContract {

    static final MoodleDouble MOODLE = MoodleDouble.start().course(42);

    @AfterAll
    static void stop() {
        MOODLE.close();
    }

    @Override
    String url() {
        return MOODLE.url();
    }

    @Override
    String token() {
        return MoodleDouble.TOKEN;
    }

    @Override
    long course() {
        return 42;
    }
}
