package org.passerelle.helloasso;

import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Random cases for property tests written as parameterized tests. Each test uses its own fixed seed, so a run is
 * repeatable and every case is named after the seed and its position: a failure reproduces by rerunning the test.
 * Register {@link NameTheCase} on the test class so that name shows in the failure message, not only in the IDE.
 */
public final class GeneratedCases {
    public static final int COUNT = 1000;
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private GeneratedCases() {
    }

    /** {@link #COUNT} argument sets, each drawn by {@code generator} from one {@code Random(seed)}. */
    public static Stream<Arguments> generate(long seed, Function<Random, Object[]> generator) {
        Random random = new Random(seed);
        return IntStream.range(0, COUNT)
                .mapToObj(i -> Arguments.argumentSet("seed " + seed + ", case " + i, generator.apply(random)));
    }

    /** A named edge case, listed next to the generated ones. */
    public static Arguments edge(String name, Object... arguments) {
        return Arguments.argumentSet(name, arguments);
    }

    /** Uniform in {@code [min, max]}, both included (works up to {@code Integer.MAX_VALUE}). */
    public static int between(Random random, int min, int max) {
        return (int) random.nextLong(min, (long) max + 1);
    }

    public static byte[] bytes(Random random, int minLength, int maxLength) {
        byte[] bytes = new byte[between(random, minLength, maxLength)];
        random.nextBytes(bytes);
        return bytes;
    }

    public static String alphanumeric(Random random, int minLength, int maxLength) {
        return letters(random, ALPHANUMERIC, minLength, maxLength);
    }

    public static String letters(Random random, String alphabet, int minLength, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = between(random, minLength, maxLength);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Puts the failing case's name ("seed 7301, case 42", or the edge case) in front of the failure message. */
    public static final class NameTheCase implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            String what = failure instanceof AssertionError ? failure.getMessage() : failure.toString();
            throw new AssertionError(context.getDisplayName() + ": " + what, failure);
        }
    }
}
