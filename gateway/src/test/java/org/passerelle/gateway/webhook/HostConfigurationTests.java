package org.passerelle.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.api.ApiProperties;
import org.passerelle.gateway.moodle.MoodleProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** Bad host-application settings stop start-up with a message that names them. */
class HostConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({WebhookProperties.class, MoodleProperties.class, ApiProperties.class})
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void theDefaultsAreValid() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WebhookProperties.class).retrySchedule()).hasSize(8);
            assertThat(context.getBean(MoodleProperties.class).enabled()).isFalse();
        });
    }

    @Test
    void aWebhookEndpointNeedsAWhsecSecretAndKnownEvents() {
        runner.withPropertyValues("passerelle.webhooks.endpoints[0].url=https://host.example.org/hook",
                "passerelle.webhooks.endpoints[0].secret=plain-secret",
                "passerelle.webhooks.endpoints[0].events=order.paid,order.shipped").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("endpoints[0]")
                            .contains("must be whsec_ followed by a base64 key")
                            .contains("events must be among order.paid");
                });
        runner.withPropertyValues("passerelle.webhooks.endpoints[0].url=https://host.example.org/hook",
                "passerelle.webhooks.endpoints[0].secret=" + WebhookSigner.newSecret()).run(context ->
                        assertThat(context).hasNotFailed());
    }

    @Test
    void moodleNeedsItsTokenOnceItsUrlIsSet() {
        runner.withPropertyValues("passerelle.moodle.url=https://moodle.example.org").run(context ->
                assertThat(messages(context.getStartupFailure()))
                        .contains("passerelle.moodle.token is required when passerelle.moodle.url is set"));
        runner.withPropertyValues("passerelle.moodle.url=https://moodle.example.org/").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("without a trailing slash"));
    }

    @Test
    void aShortApiKeyIsRefusedWithoutShowingIt() {
        ApiProperties properties = new ApiProperties("a-long-enough-key-0123456789, short-key-42", 100,
                java.time.Duration.ofHours(24), java.time.Duration.ofHours(1),
                org.springframework.util.unit.DataSize.ofKilobytes(64));
        assertThatThrownBy(() -> new ApiKeys(null, null, null, properties))
                .hasMessageContaining("passerelle.api.keys: each key must be at least 24 characters")
                .hasMessageNotContaining("short-key-42");
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
