package org.passerelle.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** A start-up failure caused by a setting becomes one short paragraph with the setting's public name. */
class SettingsFailureAnalyzerTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PasserelleProperties.class)
    @Import(PublicUrl.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    private FailureAnalysis analyse(String... properties) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            analysis[0] = new SettingsFailureAnalyzer().analyze(context.getStartupFailure());
        });
        assertThat(analysis[0]).as("analysed").isNotNull();
        return analysis[0];
    }

    @Test
    void aWrongValueIsNamedByItsPublicName() {
        FailureAnalysis analysis = analyse("passerelle.public-url=localhost:8080/");
        assertThat(analysis.getDescription()).startsWith("Passerelle cannot start: a setting is wrong.")
                .contains("passerelle.public-url = \"localhost:8080/\": must be an http(s) URL")
                .doesNotContain("publicUrl");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
    }

    @Test
    void severalMistakesAreAllListedAndSecretsAreNotShown() {
        FailureAnalysis analysis = analyse("passerelle.security.state-key=short-secret-value",
                "passerelle.offers[0].id=Bad Id", "passerelle.offers[0].name=Stage");
        assertThat(analysis.getDescription()).contains("settings are wrong")
                .contains("passerelle.offers[0].id = \"Bad Id\": must be lower-case letters")
                .contains("a fixed-price offer needs a price")
                .contains("passerelle.security.state-key must be empty (generated) or at least 32 characters long")
                .doesNotContain("short-secret-value");
    }

    @Test
    void aValueOfTheWrongTypeSaysWhatIsExpected() {
        FailureAnalysis analysis = analyse("passerelle.checkout.redirect-validity=15 minutes");
        assertThat(analysis.getDescription())
                .contains("passerelle.checkout.redirect-validity = \"15 minutes\": cannot be read as a duration (for example 30s, 15m");
    }

    @Test
    void httpWithRealPaymentsIsRefusedWithWhatToDo() {
        FailureAnalysis analysis = analyse("passerelle.helloasso.client-id=abc", "passerelle.helloasso.client-secret=s",
                "passerelle.helloasso.organization=asso", "passerelle.helloasso.environment=production",
                "passerelle.public-url=http://pay.example.org");
        assertThat(analysis.getDescription()).isEqualTo("Passerelle cannot start: passerelle.public-url is"
                + " http://pay.example.org but passerelle.helloasso.environment is production: HelloAsso sends payers"
                + " and notifications to https:// addresses only.");
        assertThat(analysis.getAction()).contains("reverse proxy").contains("passerelle.helloasso.environment=sandbox");

        assertThat(analyse("passerelle.helloasso.client-id=abc", "passerelle.helloasso.client-secret=s",
                "passerelle.helloasso.organization=asso", "passerelle.helloasso.environment=production")
                .getDescription()).contains("passerelle.public-url is not set");
    }

    @Test
    void httpsInProductionAndHttpInTheSandboxStart() {
        runner.withPropertyValues("passerelle.helloasso.client-id=abc", "passerelle.helloasso.client-secret=s",
                "passerelle.helloasso.organization=asso", "passerelle.helloasso.environment=production",
                "passerelle.public-url=https://pay.example.org").run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("passerelle.helloasso.client-id=abc", "passerelle.helloasso.client-secret=s",
                "passerelle.helloasso.organization=asso", "passerelle.public-url=http://192.168.1.10:8080")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aKeyThatOpensNothingIsOneOfTheSettingsFailures() {
        var key = new org.passerelle.gateway.secret.SecretKeyException("a stored secret opens under no key.",
                "Set passerelle.secrets.previous-keys.");
        FailureAnalysis analysis = new SettingsFailureAnalyzer().analyze(new IllegalStateException("wrapped", key));
        assertThat(analysis.getDescription()).isEqualTo("Passerelle cannot start: a stored secret opens under no key.");
        assertThat(analysis.getAction()).isEqualTo("Set passerelle.secrets.previous-keys.");
    }

    @Test
    void otherFailuresAreLeftToSpringBoot() {
        assertThat(new SettingsFailureAnalyzer().analyze(new IllegalStateException("boom"))).isNull();
    }
}
