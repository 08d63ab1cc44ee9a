package org.passerelle.gateway.connection;

import java.time.OffsetDateTime;

/**
 * What this instance last learned about its HelloAsso connection. {@code detail} is technical (HelloAsso's error
 * code, the failed operation) and never holds a secret; {@code suggestion} is a corrected value when one can be
 * guessed (the slug inside a pasted address).
 */
public record ConnectionStatus(State state, ConnectionProblem problem, String detail, String organizationName,
        String suggestion, OffsetDateTime checkedAt) {

    public enum State {
        /** Not checked yet (the first check runs in the background just after start-up). */
        NOT_CHECKED,
        /** Token obtained, organization read, its payments readable. */
        OK,
        /** HelloAsso answered and refused: a setting must change ({@link #problem()}). */
        MISCONFIGURED,
        /** No answer, a 5xx or a 429: HelloAsso is out or overloaded; nothing to change here. */
        UNREACHABLE
    }

    static ConnectionStatus notChecked() {
        return new ConnectionStatus(State.NOT_CHECKED, null, null, null, null, null);
    }

    static ConnectionStatus ok(String organizationName, OffsetDateTime at) {
        return new ConnectionStatus(State.OK, null, null, organizationName, null, at);
    }

    static ConnectionStatus misconfigured(ConnectionProblem problem, String detail, String suggestion, OffsetDateTime at) {
        return new ConnectionStatus(State.MISCONFIGURED, problem, detail, null, suggestion, at);
    }

    static ConnectionStatus unreachable(String detail, OffsetDateTime at) {
        return new ConnectionStatus(State.UNREACHABLE, null, detail, null, null, at);
    }

    public boolean isOk() {
        return state == State.OK;
    }

    public boolean isMisconfigured() {
        return state == State.MISCONFIGURED;
    }

    public boolean isUnreachable() {
        return state == State.UNREACHABLE;
    }
}
