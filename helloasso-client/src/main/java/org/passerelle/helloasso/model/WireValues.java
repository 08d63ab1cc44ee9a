package org.passerelle.helloasso.model;

import java.util.function.Function;

/** Lenient enum parsing: real payloads carry values newer than any spec, so an unknown value must not break a read. */
final class WireValues {
    private WireValues() {
    }

    static <E extends Enum<E>> E parse(E[] values, Function<E, String> wireValue, String value, E fallback) {
        if (value == null) {
            return null;
        }
        for (E candidate : values) {
            if (value.equals(wireValue.apply(candidate))) {
                return candidate;
            }
        }
        return fallback;
    }
}
