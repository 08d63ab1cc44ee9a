package org.passerelle.helloasso.emulator;

import java.time.Instant;

/**
 * One call the emulator received on its API or token endpoint. {@code operation} is one of the names listed in
 * {@link EmulatorControl}; {@code path} never carries a secret (the token endpoint takes its secrets in the body).
 */
public record RecordedCall(Instant at, String operation, String method, String path, int status) {
}
