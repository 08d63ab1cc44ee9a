package org.passerelle.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.HelloAssoConfiguration.EmulatorHolder;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.DatabasePerContext;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With credentials, the gateway talks to the HelloAsso named by passerelle.helloasso.environment (here a base URL:
 * a separately started emulator standing for HelloAsso) and starts no emulator of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${" + DatabasePerContext.PROPERTY + "};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "passerelle.offers[0].id=atelier-velo",
        "passerelle.offers[0].name=Atelier vélo",
        "passerelle.offers[0].price=1500",
})
class RealHelloAssoModeIT {

    static final HelloAssoEmulator HELLOASSO = HelloAssoEmulator.start(EmulatorConfig.builder()
            .port(0).organization("les-amis-du-velo").client("real-client-id", "real-client-secret").build());

    @DynamicPropertySource
    static void helloAsso(DynamicPropertyRegistry registry) {
        registry.add("passerelle.helloasso.client-id", () -> "real-client-id");
        registry.add("passerelle.helloasso.client-secret", () -> "real-client-secret");
        registry.add("passerelle.helloasso.organization", () -> "les-amis-du-velo");
        registry.add("passerelle.helloasso.environment", () -> HELLOASSO.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        HELLOASSO.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    EmulatorHolder holder;
    @Autowired
    HelloAssoSettings settings;

    @Test
    void checkoutGoesToTheConfiguredHelloAssoAndNoEmulatorStarts() {
        assertThat(holder.emulator()).isNull();
        assertThat(settings.emulated()).isFalse();
        assertThat(settings.organization()).isEqualTo("les-amis-du-velo");

        Browser browser = new Browser(URI.create("http://localhost:" + port));
        assertThat(browser.get("/").body()).doesNotContain("Mode émulateur").contains("Atelier vélo")
                .as("the emulator's samples are never shown to real payers").doesNotContain("atelier-initiation");
        assertThat(browser.get("/offers/atelier-initiation").status()).isEqualTo(404);
        Browser.Page created = browser.post("/offers/atelier-velo", Browser.form("firstName", "Marie",
                "lastName", "Curie", "email", "marie@example.org", "country", "FRA"));
        Browser.Page pay = browser.get(created.next());
        assertThat(pay.status()).isEqualTo(303);
        assertThat(pay.next().toString()).startsWith(HELLOASSO.baseUrl().toString())
                .contains("/associations/les-amis-du-velo/");
        assertThat(HELLOASSO.control().callCount("checkoutIntents.create")).isEqualTo(1);
    }
}
