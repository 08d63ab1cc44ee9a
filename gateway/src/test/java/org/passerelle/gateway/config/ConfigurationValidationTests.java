package org.passerelle.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** Bad or missing configuration stops start-up with a message that names the setting. */
class ConfigurationValidationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PasserelleProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void theDefaultsAreValidAndMeanEmulatorMode() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            PasserelleProperties properties = context.getBean(PasserelleProperties.class);
            assertThat(properties.helloasso().emulated()).isTrue();
            assertThat(properties.emulator().port()).isEqualTo(8081);
            assertThat(properties.dataDir()).isEqualTo("./data");
            assertThat(properties.checkout().redirectValidity()).hasMinutes(15);
        });
    }

    @Test
    void aRealAccountNeedsItsSecretAndOrganization() {
        runner.withPropertyValues("passerelle.helloasso.client-id=abc").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("passerelle.helloasso")
                    .contains("passerelle.helloasso.client-secret and passerelle.helloasso.organization are required");
        });
    }

    @Test
    void partnerModeIsOffByDefaultAndItsClientNeedsItsSecret() {
        runner.run(context -> assertThat(context.getBean(PasserelleProperties.class).helloasso().partner().configured())
                .isFalse());
        runner.withPropertyValues("passerelle.helloasso.partner.client-id=partner").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("passerelle.helloasso.partner.client-secret is required");
        });
        runner.withPropertyValues("passerelle.emulator.other-organizations[0]=Not A Slug").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("otherOrganizations")
                        .contains("must be a slug"));
    }

    @Test
    void anUnknownEnvironmentIsNamed() {
        runner.withPropertyValues("passerelle.helloasso.environment=prod").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("environment")
                    .contains("must be sandbox, production or a base URL");
        });
    }

    @Test
    void aBadPublicUrlOrOfferIsNamed() {
        runner.withPropertyValues("passerelle.public-url=localhost:8080/").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("publicUrl").contains("http(s) URL"));
        runner.withPropertyValues("passerelle.offers[0].id=Bad Id", "passerelle.offers[0].name=x").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("offers[0].id").contains("needs a price"));
        runner.withPropertyValues("passerelle.security.state-key=short").run(context ->
                assertThat(messages(context.getStartupFailure())).contains("passerelle.security.state-key must be empty"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(org.passerelle.gateway.admin.AdminProperties.class)
    static class AdminPropertiesOnly {
    }

    @Test
    void aConsoleUserOfSomeAssociationsNamesThem() {
        ApplicationContextRunner admin = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(AdminPropertiesOnly.class);
        admin.withPropertyValues("passerelle.admin.users[0].username=paul", "passerelle.admin.users[0].password=x")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("each of passerelle.admin.users needs admin-of or viewer-of"));
        admin.withPropertyValues("passerelle.admin.users[0].username=paul", "passerelle.admin.users[0].password=x",
                "passerelle.admin.users[0].admin-of[0]=club-a", "passerelle.admin.users[0].viewer-of=club-b,club-c")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    var user = context.getBean(org.passerelle.gateway.admin.AdminProperties.class).users().get(0);
                    assertThat(user.adminOf()).containsExactly("club-a");
                    assertThat(user.viewerOf()).containsExactly("club-b", "club-c");
                });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
