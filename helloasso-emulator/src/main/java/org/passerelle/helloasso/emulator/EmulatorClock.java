package org.passerelle.helloasso.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that follows a base clock plus an offset the control API can push forward; it never goes back. */
final class EmulatorClock extends Clock {

    /** HelloAsso shows dates in French local time. */
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    EmulatorClock(Clock base) {
        this.base = base;
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the emulator clock only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
    }

    void resetOffset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return PARIS;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator clock is always in Europe/Paris");
    }
}
