package org.passerelle.helloasso;

import java.time.Duration;

/** Waits between retries; injectable so tests never really sleep. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
