package org.passerelle.helloasso.contract;

import java.util.Set;

/**
 * One way an exchange or a notification departs from HelloAsso's spec: the validator's message key and text, where
 * ({@code METHOD /path} as the spec writes it, or {@code notification Type}), the unexpected property names when
 * the message is about properties the schema does not allow, and what was checked.
 */
public record Violation(String key, String where, String message, Set<String> properties, String exchange) {

    @Override
    public String toString() {
        return where + " [" + key + "] " + message + "\n      in " + exchange;
    }
}
