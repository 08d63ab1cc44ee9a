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

    Duration offset() {
        return offset.get();
    }

    /** Back where a previous run left it: the offset it had, and never before an instant it already showed. */
    void restore(Duration savedOffset, Instant notBefore) {
        Duration restored = savedOffset.isNegative() ? Duration.ZERO : savedOffset;
        if (notBefore != null) {
            Duration behind = Duration.between(base.instant().plus(restored), notBefore);
            if (behind.compareTo(Duration.ZERO) > 0) {
                restored = restored.plus(behind);
            }
        }
        offset.set(restored);
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
