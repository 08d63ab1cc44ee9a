package org.passerelle.helloasso.emulator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5+ extension running a {@link HelloAssoEmulator} for a test class.
 *
 * <pre>{@code
 * @ExtendWith(HelloAssoEmulatorExtension.class)
 * class MyTest {
 *     @Test void pays(HelloAssoEmulator helloAsso) { ... }
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension
 *     static HelloAssoEmulatorExtension helloAsso = new HelloAssoEmulatorExtension(
 *             EmulatorConfig.builder().accessTokenTtl(Duration.ofSeconds(5)).build());
 *     @Test void works() { URI base = helloAsso.emulator().baseUrl(); ... }
 * }
 * }</pre>
 *
 * One emulator per test class (per test when registered on an instance field); it is {@linkplain
 * EmulatorControl#reset() reset} before each test so tests do not see each other's intents, faults or calls.
 * Test methods and constructors may take a {@link HelloAssoEmulator} or an {@link EmulatorControl} parameter.
 * JUnit is an optional dependency of this module: add JUnit Jupiter to your own test classpath.
 */
public final class HelloAssoEmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final EmulatorConfig config;
    private final boolean resetBeforeEach;
    private HelloAssoEmulator emulator;
    private boolean perTest;

    /** Default configuration (organization passerelle-demo, client emulator-client-id), reset before each test. */
    public HelloAssoEmulatorExtension() {
        this(EmulatorConfig.defaults());
    }

    public HelloAssoEmulatorExtension(EmulatorConfig config) {
        this(config, true);
    }

    /** With {@code resetBeforeEach} false, state carries over from one test of the class to the next. */
    public HelloAssoEmulatorExtension(EmulatorConfig config, boolean resetBeforeEach) {
        this.config = config;
        this.resetBeforeEach = resetBeforeEach;
    }

    /** The running emulator (started before the first test). */
    public synchronized HelloAssoEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("The HelloAsso emulator is not running: it starts before the tests of the class.");
        }
        return emulator;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (emulator == null) {
            emulator = HelloAssoEmulator.start(config);
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            // Registered on an instance field: beforeAll was not called, so this emulator lives for one test.
            emulator = HelloAssoEmulator.start(config);
            perTest = true;
        } else if (resetBeforeEach && !perTest) {
            emulator.reset();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
        perTest = false;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == HelloAssoEmulator.class || type == EmulatorControl.class;
    }

    @Override
    public synchronized Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (emulator == null) {
            // Only reachable if JUnit resolves a parameter before beforeAll/beforeEach; afterAll then stops it.
            emulator = HelloAssoEmulator.start(config);
        }
        return parameterContext.getParameter().getType() == EmulatorControl.class ? emulator.control() : emulator;
    }
}
