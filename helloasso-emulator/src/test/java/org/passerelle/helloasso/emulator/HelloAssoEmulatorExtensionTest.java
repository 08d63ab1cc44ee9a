package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

class HelloAssoEmulatorExtensionTest {

    @Test
    void bothWaysOfRegisteringRunTheirTestsGreen() {
        for (Class<?> example : new Class<?>[] {ExtendWithExample.class, RegisterExtensionExample.class}) {
            EngineTestKit.engine("junit-jupiter").selectors(selectClass(example)).execute()
                    .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
        }
    }

    /** Run through the test kit only (not by Surefire directly: it is a nested static class without @Nested). */
    @ExtendWith(HelloAssoEmulatorExtension.class)
    static class ExtendWithExample {

        @Test
        void injectsARunningEmulator(HelloAssoEmulator emulator) {
            Api api = new Api(emulator);
            api.createIntent(Api.checkoutBody(1000));
            assertThat(emulator.control().checkoutIntentIds()).hasSize(1);
        }

        @Test
        void eachTestStartsFromAResetEmulator(EmulatorControl control) {
            assertThat(control.checkoutIntentIds()).isEmpty();
        }
    }

    static class RegisterExtensionExample {

        @RegisterExtension
        static HelloAssoEmulatorExtension helloAsso = new HelloAssoEmulatorExtension(
                EmulatorConfig.builder().accessTokenTtl(Duration.ofSeconds(5)).build());

        @Test
        void exposesTheEmulatorThroughTheField() {
            assertThat(new Api(helloAsso.emulator()).clientCredentials("emulator-client-id", "emulator-client-secret")
                    .json().get("expires_in").asLong()).isEqualTo(5);
        }

        @Test
        void andAsAParameter(HelloAssoEmulator emulator) {
            assertThat(emulator).isSameAs(helloAsso.emulator());
        }
    }
}
