package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's JSON uses only property names and enum values that HelloAsso's OpenAPI spec defines (plus the
 * real-world extras isAnonymous, isAmountHidden and formName). Reads ../shared/helloasso/helloasso.json beside the
 * project root; skipped with a message when it is absent.
 */
class ResponseContractTest {

    private static final Set<String> REAL_WORLD_EXTRAS = Set.of("isAnonymous", "isAmountHidden", "formName");
    private static final String PREFIX = "HelloAsso.Api.V5.Common.Models.";

    static JsonNode schemas;
    static HelloAssoEmulator emulator;
    static Api api;

    @BeforeAll
    static void load() {
        Path spec = projectRoot().resolve("../shared/helloasso/helloasso.json").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(spec),
                "SKIPPED: HelloAsso's OpenAPI spec not found at " + spec + "; the contract check needs it.");
        schemas = Api.JSON.readTree(spec.toFile()).get("components").get("schemas");
        emulator = HelloAssoEmulator.start(EmulatorConfig.builder().accessTokenTtl(Duration.ofDays(400)).build());
        api = new Api(emulator);
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    @Test
    void checkoutIntentsCreatedAndPaidWithTermsAndRefundsMatchTheSpec() {
        ObjectNode body = Api.checkoutBody(3000);
        body.put("initialAmount", 1000);
        LocalDate today = LocalDate.ofInstant(emulator.control().now(), EmulatorClock.PARIS);
        body.putArray("terms").addObject().put("amount", 2000).put("date", today.plusMonths(1) + "T00:00:00Z");
        body.putObject("payer").put("firstName", "Jeanne").put("lastName", "Martin").put("email", "jeanne@example.org")
                .put("country", "FRA").put("dateOfBirth", "1980-02-03T00:00:00Z").put("city", "Lyon").put("zipCode", "69001")
                .put("address", "1 rue de la République").put("companyName", "ACME");
        JsonNode created = api.createIntent(body);
        check("Carts.InitCheckoutResponse", created);
        long intentId = created.get("id").asLong();
        check("Carts.CheckoutIntentResponse", api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intentId).json());

        long orderId = emulator.control().pay(intentId);
        check("Carts.CheckoutIntentResponse", api.get("/v5/organizations/passerelle-demo/checkout-intents/" + intentId).json());
        long paymentId = emulator.control().paymentIds(orderId).getFirst();
        JsonNode refund = api.post("/v5/payments/" + paymentId + "/refund?amount=300", null).json();
        check("Payment.RefundOperationModel", refund);
        check("Statistics.PaymentDetail", api.get("/v5/payments/" + paymentId).json());
        emulator.control().advanceClock(Duration.ofSeconds(30));
        check("Statistics.OrderDetail", api.get("/v5/orders/" + orderId).json());
        check("Statistics.PaymentDetail", api.get("/v5/payments/" + paymentId).json());

        long contested = emulator.control().paymentIds(emulator.control().pay(api.createIntent(Api.checkoutBody(700)).get("id").asLong())).getFirst();
        emulator.control().contest(contested);
        emulator.control().payWithBankValidation(api.createIntent(Api.checkoutBody(800)).get("id").asLong());
        api.post("/v5/orders/" + orderId + "/cancel", null);

        check("Common.ResultsWithPaginationModel_Order", api.get("/v5/organizations/passerelle-demo/orders?pageSize=50").json());
        check("Common.ResultsWithPaginationModel_Payment", api.get("/v5/organizations/passerelle-demo/payments?pageSize=50").json());
    }

    @Test
    void notificationUrlsPartnerAndNotificationDataMatchTheSpec() {
        check("ApiNotifications.ApiUrlNotificationModel",
                api.put("/v5/partners/me/api-notifications", "{\"url\":\"http://127.0.0.1:9/hook\",\"notificationType\":\"Payment\"}").json());
        check("ApiNotifications.ApiUrlNotificationModel",
                api.put("/v5/partners/me/api-notifications/organizations/passerelle-demo", "{\"url\":\"http://127.0.0.1:9/hook2\"}").json());
        check("Partners.PartnerPublicModel", api.get("/v5/partners/me").json());

        emulator.control().dropNotifications(true);
        emulator.control().pay(api.createIntent(Api.checkoutBody(1000)).get("id").asLong());
        List<DeliveredNotification> sent = emulator.control().deliveredNotifications();
        assertThat(sent).isNotEmpty();
        for (DeliveredNotification n : sent) {
            JsonNode envelope = Api.JSON.readTree(n.body());
            assertThat(envelope.propertyNames()).containsExactlyInAnyOrder("eventType", "data", "metadata");
            assertThat(envelope.get("eventType").asString()).isIn("Payment", "Order");
            check(envelope.get("eventType").asString().equals("Payment") ? "Statistics.PaymentDetail" : "Statistics.OrderDetail",
                    envelope.get("data"));
        }
    }

    @Test
    void theCheckItselfCatchesUnknownPropertiesEnumValuesAndTypes() {
        List<String> problems = new ArrayList<>();
        walk(schema(PREFIX + "Statistics.PaymentDetail"),
                Api.JSON.readTree("{\"id\":\"12\",\"bogus\":1,\"state\":\"Paid\",\"order\":{\"formType\":\"Checkout\",\"nope\":0}}"),
                "PaymentDetail", problems);
        assertThat(problems).hasSize(4);
    }

    /** Fails with every property or enum value the spec does not know. */
    private static void check(String schemaName, JsonNode value) {
        List<String> problems = new ArrayList<>();
        walk(schema(PREFIX + schemaName), value, schemaName, problems);
        assertThat(problems).as("emulator JSON vs spec schema " + schemaName + ": " + value).isEmpty();
    }

    private static JsonNode schema(String fullName) {
        JsonNode s = schemas.get(fullName);
        assertThat(s).as("schema " + fullName + " exists in the spec").isNotNull();
        return s;
    }

    private static JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            return resolve(schema(schema.get("$ref").asString().substring("#/components/schemas/".length())));
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(schema.get("allOf").get(0));
        }
        return schema;
    }

    private static void walk(JsonNode schema, JsonNode value, String path, List<String> problems) {
        schema = resolve(schema);
        if (value == null || value.isNull()) {
            return;
        }
        if (schema.has("enum")) {
            List<String> allowed = new ArrayList<>();
            schema.get("enum").forEach(e -> allowed.add(e.asString()));
            if (!allowed.contains(value.asString())) {
                problems.add(path + ": '" + value.asString() + "' is not one of " + allowed);
            }
            return;
        }
        String type = schema.has("type") ? schema.get("type").asString() : null;
        if ("array".equals(type)) {
            if (!value.isArray()) {
                problems.add(path + ": expected an array");
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                walk(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
            }
        } else if ("integer".equals(type) && !value.isIntegralNumber()) {
            problems.add(path + ": expected an integer, got " + value);
        } else if ("string".equals(type) && !value.isString()) {
            problems.add(path + ": expected a string, got " + value);
        } else if ("boolean".equals(type) && !value.isBoolean()) {
            problems.add(path + ": expected a boolean, got " + value);
        } else if (schema.has("properties")) {
            if (!value.isObject()) {
                problems.add(path + ": expected an object");
                return;
            }
            JsonNode properties = schema.get("properties");
            for (String name : value.propertyNames()) {
                if (properties.has(name)) {
                    walk(properties.get(name), value.get(name), path + "." + name, problems);
                } else if (!REAL_WORLD_EXTRAS.contains(name)) {
                    problems.add(path + "." + name + ": not in the spec");
                }
            }
        }
    }
}
