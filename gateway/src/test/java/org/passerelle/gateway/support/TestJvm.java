package org.passerelle.gateway.support;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JVM options of the test JVMs ({@code test.jvm.options} in the parent pom: no C2 compiler, the serial collector,
 * so that the many short-lived Spring contexts and gateway processes start in half the CPU time).
 */
public final class TestJvm {

    private TestJvm() {
    }

    /** The build's options for test JVMs, which the gateway processes tests start use too ({@link GatewayProcess}). */
    public static List<String> options() {
        String options = System.getProperty("test.jvm.options", "").strip();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }

    static boolean withoutC2() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(option -> option.startsWith("-XX:TieredStopAtLevel=") && !option.endsWith("=4"));
    }

    /**
     * On a benchmark ({@code @ExtendWith(TestJvm.FullJit.class)}): fails it before anything starts when the JVM runs
     * without the C2 compiler, as figures measured so would say nothing about production.
     */
    public static final class FullJit implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (withoutC2()) {
                throw new IllegalStateException("a benchmark measures the JVM as production runs it: run it with "
                        + "-Dtest.jvm.options= (the build's test JVMs run without the C2 compiler)");
            }
            return ConditionEvaluationResult.enabled("the JVM compiles as in production");
        }
    }
}
