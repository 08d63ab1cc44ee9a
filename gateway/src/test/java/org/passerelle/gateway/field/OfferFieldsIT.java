package org.passerelle.gateway.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.passerelle.gateway.PasserelleApplication;
import org.passerelle.gateway.offer.ConsoleOffers;
import org.passerelle.gateway.offer.Offer;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.Chromium;
import org.passerelle.gateway.support.WebhookReceiver;
import org.passerelle.helloasso.emulator.EmulatorConfig;
import org.passerelle.helloasso.emulator.ExchangeObserver;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Questions to payers, end to end (issue 19): a configured offer asks one field of every type; in Chromium the payer
 * sees phone-friendly inputs tied to their labels, gets an error next to each wrong answer with every value kept, then
 * pays at HelloAsso (an emulator over HTTP, real mode); the answers are on the order page, the console's order page and
 * in the CSV export, and only the field marked for it reaches HelloAsso's metadata. An API order carries its own
 * fields and answers (checked by the same rules) into the API's JSON and the webhook. A console offer's question
 * changed after an order leaves that order's answer as it was asked.
 */
class OfferFieldsIT {

    static final String SLUG = "club-de-voile";
    static final String API_KEY = "fields-api-key-0123456789abcdef";
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final HelloAssoEmulator HELLOASSO = HelloAssoEmulator.start(EmulatorConfig.builder().port(0)
            .organization(SLUG, "Club de voile").client("voile-client-id", "voile-client-secret-0123456789").build());
    static final List<String> CHECKOUTS = new CopyOnWriteArrayList<>();
    static WebhookReceiver host;
    static ConfigurableApplicationContext gateway;

    @BeforeAll
    static void start() {
        HELLOASSO.control().observe(exchange -> {
            if ("checkoutIntents.create".equals(exchange.operation()) && exchange.requestBody() != null) {
                CHECKOUTS.add(new String(exchange.requestBody(), StandardCharsets.UTF_8));
            }
        });
        host = new WebhookReceiver(SECRET, Duration.ZERO);
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:fields-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--passerelle.helloasso.environment=" + HELLOASSO.baseUrl(),
                "--passerelle.helloasso.client-id=voile-client-id",
                "--passerelle.helloasso.client-secret=voile-client-secret-0123456789",
                "--passerelle.helloasso.organization=" + SLUG,
                "--passerelle.admin.username=tresoriere",
                "--passerelle.admin.password=fields-password-0123",
                "--passerelle.api.keys=" + API_KEY,
                "--passerelle.webhooks.endpoints[0].url=" + host.url("host"),
                "--passerelle.webhooks.endpoints[0].secret=" + SECRET,
                "--passerelle.webhooks.sweep-interval=500ms",
                "--passerelle.notifications.sweep-interval=500ms",
                "--db-scheduler.enabled=false",
                "--passerelle.offers[0].id=stage",
                "--passerelle.offers[0].name=Stage de voile",
                "--passerelle.offers[0].price=2500"));
        String f = "--passerelle.offers[0].fields";
        args.addAll(List.of(
                f + "[0].key=licence", f + "[0].type=text", f + "[0].required=true",
                f + "[0].label-fr=Numéro de licence", f + "[0].label-en=Licence number",
                f + "[0].help-fr=Sur votre carte FFV", f + "[0].help-en=On your FFV card", f + "[0].min-length=4",
                f + "[0].max-length=12", f + "[0].pattern=[A-Z]{2}[0-9]+", f + "[0].send-to-hello-asso=true",
                f + "[1].key=age", f + "[1].type=number", f + "[1].required=true", f + "[1].label-fr=Âge",
                f + "[1].label-en=Age", f + "[1].min=5", f + "[1].max=99",
                f + "[2].key=birth", f + "[2].type=date", f + "[2].label-fr=Date de naissance",
                f + "[2].min=1900-01-01", f + "[2].max=2026-12-31",
                f + "[3].key=contact_email", f + "[3].type=email", f + "[3].label-fr=E-mail d'un proche",
                f + "[4].key=phone", f + "[4].type=phone", f + "[4].required=true",
                f + "[4].label-fr=Téléphone le jour du stage",
                f + "[5].key=size", f + "[5].type=choice", f + "[5].required=true",
                f + "[5].label-fr=Taille de T-shirt", f + "[5].choices[0]=S", f + "[5].choices[1]=M",
                f + "[5].choices[2]=L",
                f + "[6].key=rules", f + "[6].type=checkbox", f + "[6].required=true",
                f + "[6].label-fr=J'accepte le règlement du club",
                f + "[7].key=notes", f + "[7].type=multiline", f + "[7].label-fr=Remarques", f + "[7].max-length=300"));
        gateway = new SpringApplicationBuilder(PasserelleApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (host != null) {
            host.close();
        }
        HELLOASSO.close();
    }

    static int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    static String base() {
        return "http://localhost:" + port();
    }

    @Test
    void aPayerAnswersEveryTypeOfQuestionInChromiumAndTheAnswersFollowTheOrder() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(base() + "/offers/stage?lang=fr");

            // inputs that suit phones, each tied to its label and help
            assertThat(input(driver, "licence").getAttribute("type")).isEqualTo("text");
            assertThat(input(driver, "licence").getAttribute("aria-describedby")).isEqualTo("answer-licence-help");
            assertThat(input(driver, "licence").getAttribute("maxlength")).isEqualTo("12");
            assertThat(input(driver, "age").getAttribute("inputmode")).isEqualTo("decimal");
            assertThat(input(driver, "birth").getAttribute("type")).isEqualTo("date");
            assertThat(input(driver, "contact_email").getAttribute("type")).isEqualTo("email");
            assertThat(input(driver, "phone").getAttribute("type")).isEqualTo("tel");
            assertThat(input(driver, "phone").getAttribute("inputmode")).isEqualTo("tel");
            assertThat(input(driver, "size").getTagName()).isEqualTo("select");
            assertThat(input(driver, "rules").getAttribute("type")).isEqualTo("checkbox");
            assertThat(input(driver, "notes").getTagName()).isEqualTo("textarea");
            for (String key : List.of("licence", "age", "birth", "contact_email", "phone", "size", "rules", "notes")) {
                assertThat(driver.findElements(By.cssSelector("label[for='answer-" + key + "']"))).as(key).hasSize(1);
            }
            assertThat(driver.findElement(By.cssSelector("label[for='answer-licence']")).getText())
                    .contains("Numéro de licence").contains("(obligatoire)");
            assertThat(driver.findElement(By.id("answer-licence-help")).getText()).isEqualTo("Sur votre carte FFV");

            // wrong answers: an error next to each, every value kept
            type(driver, "firstName", "Éloïse");
            type(driver, "lastName", "Marin");
            type(driver, "email", "eloise.marin@example.org");
            type(driver, "answer-licence", "ab1");
            type(driver, "answer-age", "120");
            type(driver, "answer-phone", "12");
            type(driver, "answer-contact_email", "pas-une-adresse");
            type(driver, "answer-notes", "Ligne un\nLigne deux");
            submit(driver);
            assertThat(driver.findElement(By.id("answer-licence-error")).getText()).contains("au minimum");
            assertThat(driver.findElement(By.id("answer-age-error")).getText()).contains("entre 5 et 99");
            assertThat(driver.findElement(By.id("answer-phone-error")).getText()).contains("téléphone");
            assertThat(driver.findElement(By.id("answer-contact_email-error")).getText()).contains("e-mail");
            assertThat(driver.findElement(By.id("answer-size-error")).getText()).contains("obligatoire");
            assertThat(driver.findElement(By.id("answer-rules-error")).getText()).contains("Cochez");
            assertThat(driver.findElements(By.id("answer-birth-error"))).as("optional, left blank").isEmpty();
            assertThat(driver.findElements(By.id("answer-notes-error"))).isEmpty();
            assertThat(input(driver, "age").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(input(driver, "age").getAttribute("aria-describedby")).isEqualTo("answer-age-error");
            assertThat(input(driver, "licence").getAttribute("value")).isEqualTo("ab1");
            assertThat(input(driver, "age").getAttribute("value")).isEqualTo("120");
            assertThat(input(driver, "notes").getAttribute("value")).isEqualTo("Ligne un\nLigne deux");
            assertThat(driver.findElement(By.id("firstName")).getAttribute("value")).isEqualTo("Éloïse");

            // corrected: the pattern still refuses lower case, then everything is right
            type(driver, "answer-licence", "ab1234");
            type(driver, "answer-age", "12,5");
            type(driver, "answer-phone", "06 12 34 56 78");
            type(driver, "answer-contact_email", "parent@example.org");
            ((JavascriptExecutor) driver).executeScript("arguments[0].value = '2014-05-31'", input(driver, "birth"));
            new Select(input(driver, "size")).selectByVisibleText("M");
            input(driver, "rules").click();
            submit(driver);
            assertThat(driver.findElement(By.id("answer-licence-error")).getText()).contains("forme attendue");
            assertThat(new Select(input(driver, "size")).getFirstSelectedOption().getText()).isEqualTo("M");
            assertThat(input(driver, "rules").isSelected()).isTrue();
            assertThat(input(driver, "birth").getAttribute("value")).isEqualTo("2014-05-31");
            type(driver, "answer-licence", "AB1234");
            driver.findElement(By.id("pay")).click();

            // HelloAsso's page, then back on the order page with the answers
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cardNumber")));
            driver.findElement(By.id("cardNumber")).sendKeys("4242 4242 4242 4242");
            driver.findElement(By.id("pay")).click();
            wait.until(ExpectedConditions.textToBe(By.id("status"), "Payée"));
            String orderId = driver.getCurrentUrl().replaceAll(".*/orders/([0-9a-f-]{36}).*", "$1");
            assertThat(gateway.getBean(OrderRepository.class).find(orderId).orElseThrow().status())
                    .isEqualTo(OrderStatus.PAID);
            assertThat(driver.findElement(By.id("answers")).getText()).contains("Numéro de licence", "Âge");
            assertThat(driver.findElement(By.id("answer-licence")).getText()).isEqualTo("AB1234");
            assertThat(driver.findElement(By.id("answer-age")).getText()).isEqualTo("12.5");
            assertThat(driver.findElement(By.id("answer-birth")).getText()).isEqualTo("2014-05-31");
            assertThat(driver.findElement(By.id("answer-phone")).getText()).isEqualTo("06 12 34 56 78");
            assertThat(driver.findElement(By.id("answer-size")).getText()).isEqualTo("M");
            assertThat(driver.findElement(By.id("answer-rules")).getText()).isEqualTo("Oui");
            assertThat(driver.findElement(By.id("answer-notes")).getText()).isEqualTo("Ligne un\nLigne deux");

            // only the field marked for it went to HelloAsso; the other answers stayed here
            String checkout = CHECKOUTS.stream().filter(body -> body.contains(orderId)).findFirst().orElseThrow();
            JsonNode metadata = ApiClient.JSON.readTree(checkout).get("metadata");
            assertThat(metadata.get("answers").properties()).hasSize(1);
            assertThat(metadata.get("answers").get("licence").asString()).isEqualTo("AB1234");
            assertThat(checkout).doesNotContain("06 12 34 56 78", "parent@example.org", "Ligne un", "2014-05-31");

            // the console's order page and the CSV export
            driver.get(base() + "/admin/login");
            type(driver, "username", "tresoriere");
            type(driver, "password", "fields-password-0123");
            driver.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("admin-user")));
            driver.get(base() + "/admin/orders/" + orderId);
            assertThat(driver.findElement(By.id("order-answers")).getText())
                    .contains("Numéro de licence", "licence", "AB1234", "Taille de T-shirt", "Oui");
            assertThat(driver.findElement(By.id("answer-notes")).getText()).isEqualTo("Ligne un\nLigne deux");
            String csv = (String) ((JavascriptExecutor) driver).executeAsyncScript(
                    "const done = arguments[0]; fetch('/admin/orders/export').then(r => r.text()).then(done);");
            // rows start with an order id; a multi-line answer is quoted, its line break kept
            String[] lines = csv.replace("\uFEFF", "").split("\r?\n(?=[0-9a-f]{8}-[0-9a-f]{4}-)");
            List<String> header = List.of(lines[0].strip().split(";"));
            String row = List.of(lines).stream().filter(line -> line.startsWith(orderId)).findFirst().orElseThrow();
            List<String> values = List.of(row.strip().split(";", -1));
            Map<String, String> exported = new LinkedHashMap<>();
            for (String key : List.of("licence", "age", "birth", "contact_email", "phone", "size", "rules", "notes")) {
                assertThat(header).as("one column per field key").containsOnlyOnce("answer_" + key);
                exported.put(key, values.get(header.indexOf("answer_" + key)));
            }
            assertThat(exported).containsExactly(Map.entry("licence", "AB1234"), Map.entry("age", "12.5"),
                    Map.entry("birth", "2014-05-31"), Map.entry("contact_email", "parent@example.org"),
                    Map.entry("phone", "06 12 34 56 78"), Map.entry("size", "M"), Map.entry("rules", "true"),
                    Map.entry("notes", "\"Ligne un\nLigne deux\""));

            // exported for this offer: its orders only, one column per field of the offer, in its order
            String forOffer = (String) ((JavascriptExecutor) driver).executeAsyncScript(
                    "const done = arguments[0]; fetch('/admin/orders/export?offer=stage').then(r => r.text()).then(done);");
            String[] offerLines = forOffer.replace("\uFEFF", "").split("\r?\n(?=[0-9a-f]{8}-[0-9a-f]{4}-)");
            assertThat(offerLines[0].strip()).endsWith(";Attestation;answer_licence;answer_age;answer_birth"
                    + ";answer_contact_email;answer_phone;answer_size;answer_rules;answer_notes");
            assertThat(offerLines).hasSize(2);
            assertThat(offerLines[1].strip()).startsWith(orderId).endsWith(";AB1234;12.5;2014-05-31;parent@example.org"
                    + ";06 12 34 56 78;M;true;\"Ligne un\nLigne deux\"");
        }
    }

    @Test
    void anApiOrderCarriesItsFieldsAndAnswersIntoTheJsonAndTheWebhook() {
        ApiClient api = new ApiClient(port(), API_KEY);
        Map<String, Object> body = ApiClient.order("fields-api-1", 3000);
        body.put("fields", List.of(
                Map.of("key", "licence", "type", "text", "required", true, "labelFr", "Licence", "labelEn",
                        "Licence", "pattern", "[A-Z]{2}[0-9]+"),
                Map.of("key", "size", "type", "choice", "labelFr", "Taille", "labelEn", "Size", "choices",
                        List.of("S", "M")),
                Map.of("key", "rules", "type", "checkbox", "required", true, "labelFr", "Règlement accepté")));
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("licence", "AB99");
        answers.put("size", "M");
        answers.put("rules", true);
        body.put("answers", answers);

        // the same rules as the payer form: each wrong answer named, nothing stored
        Map<String, Object> wrong = new LinkedHashMap<>(body);
        wrong.put("reference", "fields-api-wrong");
        wrong.put("answers", Map.of("licence", "ab", "size", "XL", "rules", false, "extra", "x"));
        ApiClient.Response refused = api.header("Accept-Language", "en").post("/api/v1/orders", wrong);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).contains("application/problem+json");
        Map<String, String> messages = new LinkedHashMap<>();
        refused.body().get("errors").forEach(e -> messages.put(e.get("field").asString(), e.get("message").asString()));
        assertThat(messages).containsEntry("answers.licence", "This answer is not in the expected form.")
                .containsEntry("answers.size", "Choose an answer from the list.")
                .containsEntry("answers.rules", "Tick this box to continue.")
                .containsEntry("answers.extra", "The form sent has a question this offer does not ask: reload the page.");
        for (Object hostile : List.of(Map.of("licence", List.of("AB99")), Map.of("licence", Map.of("a", "b")),
                Map.of("licence", "AB99\u0000"), Map.of("licence", "AB\u202E99"), Map.of("licence", "A".repeat(100_000)),
                "AB99")) {
            Map<String, Object> attempt = new LinkedHashMap<>(body);
            attempt.put("reference", "fields-api-hostile");
            attempt.put("answers", hostile);
            ApiClient.Response answer = api.post("/api/v1/orders", attempt);
            assertThat(answer.status()).as(String.valueOf(hostile).substring(0, Math.min(40,
                    String.valueOf(hostile).length()))).isIn(400, 413);
        }
        Map<String, Object> badDefinition = new LinkedHashMap<>(body);
        badDefinition.put("reference", "fields-api-bad-definition");
        badDefinition.put("fields", List.of(Map.of("key", "Bad Key", "type", "choice", "labelFr", "x")));
        badDefinition.remove("answers");
        ApiClient.Response badFields = api.post("/api/v1/orders", badDefinition);
        assertThat(badFields.status()).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        badFields.body().get("errors").forEach(e -> paths.add(e.get("field").asString()));
        assertThat(paths).containsExactly("fields[0].key", "fields[0].choices");
        Map<String, Object> unknownType = new LinkedHashMap<>(body);
        unknownType.put("reference", "fields-api-unknown-type");
        unknownType.put("fields", List.of(Map.of("key", "a", "type", "colour", "labelFr", "x")));
        assertThat(api.post("/api/v1/orders", unknownType).status()).isEqualTo(400);
        assertThat(gateway.getBean(OrderRepository.class).findByReference(
                gateway.getBean(OrderRepository.class).find(
                        api.post("/api/v1/orders", body).body().get("id").asString()).orElseThrow().apiKeyId(),
                "fields-api-wrong")).isEmpty();

        // stored, read back, and sent to the host
        ApiClient.Response read = api.get("/api/v1/orders?reference=fields-api-1");
        JsonNode order = read.body().get("items").get(0);
        JsonNode stored = order.get("answers");
        assertThat(stored).hasSize(3);
        assertThat(stored.get(0).get("key").asString()).isEqualTo("licence");
        assertThat(stored.get(0).get("value").asString()).isEqualTo("AB99");
        assertThat(stored.get(2).get("labelFr").asString()).isEqualTo("Règlement accepté");
        assertThat(stored.get(2).get("labelEn").asString()).as("falls back to the French label")
                .isEqualTo("Règlement accepté");
        assertThat(stored.get(2).get("value").asString()).isEqualTo("true");
        assertThat(stored.get(2).get("type").asString()).isEqualTo("checkbox");
        String id = order.get("id").asString();
        assertThat(api.post("/api/v1/orders/" + id + "/cancel", Map.of()).status()).isEqualTo(200);
        WebhookReceiver.Received cancelled = await().atMost(Duration.ofSeconds(20)).until(
                () -> host.received().stream().filter(r -> id.equals(r.orderId()) && "order.cancelled".equals(r.event()))
                        .findFirst().orElse(null), r -> r != null);
        assertThat(cancelled.signed()).isTrue();
        JsonNode data = ApiClient.JSON.readTree(cancelled.body()).get("data");
        assertThat(data.get("answers")).isEqualTo(stored);
    }

    @Test
    void aQuestionChangedLaterLeavesPastAnswersAsAsked() {
        ConsoleOffers console = gateway.getBean(ConsoleOffers.class);
        FieldDefinition question = new FieldDefinition("club", FieldType.TEXT, true, "Votre club", "Your club", null,
                null, null, null, null, null, null, List.of(), false);
        assertThat(console.create(new Offer("atelier", "Atelier matelotage", "", 1500, 50, false, false, false, 1,
                Offer.Source.CONSOLE, false, 0, List.of(question)), "tresoriere")).isEqualTo(ConsoleOffers.Outcome.DONE);
        Browser payer = new Browser(URI.create(base()));
        assertThat(payer.get("/offers/atelier").body()).contains("Votre club");
        Browser.Page ordered = payer.post("/offers/atelier", Browser.form("firstName", "Jean", "lastName", "Bart",
                "email", "jean.bart@example.org", "country", "FRA", "answers[club]", "Les Glénans"));
        assertThat(ordered.status()).as(ordered.body()).isEqualTo(303);
        String orderPath = ordered.next().toString().replaceAll(".*/pay/([0-9a-f-]{36})\\?t=", "/orders/$1?t=");

        // the association renames the question, then removes it
        Offer current = console.find("atelier").orElseThrow();
        FieldDefinition renamed = new FieldDefinition("club", FieldType.TEXT, true, "Club d'origine", null, null, null,
                null, null, null, null, null, List.of(), false);
        assertThat(console.update(current.withFields(List.of(renamed)), current.version(), "tresoriere"))
                .isEqualTo(ConsoleOffers.Outcome.DONE);
        assertThat(payer.get("/offers/atelier").body()).contains("Club d&#39;origine").doesNotContain("Votre club");
        current = console.find("atelier").orElseThrow();
        assertThat(console.update(current.withFields(List.of()), current.version(), "tresoriere"))
                .isEqualTo(ConsoleOffers.Outcome.DONE);
        String page = payer.get(orderPath).body();
        assertThat(page).contains("Votre club").contains("Les Glénans").doesNotContain("Club d&#39;origine");

        // an answer to a question the offer no longer asks is refused, not stored
        Browser.Page stale = payer.post("/offers/atelier", Browser.form("firstName", "Jean", "lastName", "Bart",
                "email", "jean.bart@example.org", "country", "FRA", "answers[club]", "Les Glénans"));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.body()).contains("une question que cette offre ne pose pas");
    }

    @Test
    void theConsoleOfferFormEditsQuestionsWithTheSameRules() {
        Browser admin = new Browser(URI.create(base()));
        assertThat(admin.post("/admin/login", Browser.form("username", "tresoriere", "password",
                "fields-password-0123")).status()).isEqualTo(302);
        String form = admin.get("/admin/offers/new").body();
        assertThat(form).contains("Questions aux payeurs").contains("name=\"fields[0].key\"")
                .contains("name=\"fields[1].key\"").doesNotContain("name=\"fields[2].key\"");

        // a question that cannot be asked: the error next to its row, nothing created
        Map<String, String> wrong = new LinkedHashMap<>(Browser.form("name", "Régate", "price", "12,50",
                "instalments", "1", "version", "0",
                "fields[0].key", "Taille", "fields[0].type", "choice", "fields[0].labelFr", "Taille",
                "fields[1].key", "", "fields[1].type", "text"));
        Browser.Page refused = admin.post("/admin/offers", wrong);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Une clé fait de 1 à 40 caractères")
                .contains("Une liste de choix propose de 1 à 50 choix").contains("value=\"Taille\"");
        assertThat(gateway.getBean(ConsoleOffers.class).find("regate")).isEmpty();

        // right: saved with the offer, asked on its page, shown again in the console with a remove box
        Map<String, String> right = new LinkedHashMap<>(wrong);
        right.put("fields[0].key", "taille");
        right.put("fields[0].choices", "S\r\nM\r\nL");
        right.put("fields[0].required", "true");
        right.put("fields[1].key", "club");
        right.put("fields[1].labelFr", "Club");
        right.put("fields[1].labelEn", "Club");
        right.put("fields[1].maxLength", "40");
        assertThat(admin.post("/admin/offers", right).status()).isEqualTo(303);
        Offer created = gateway.getBean(ConsoleOffers.class).find("regate").orElseThrow();
        assertThat(created.fields()).extracting(FieldDefinition::key).containsExactly("taille", "club");
        assertThat(created.fields().getFirst().choices()).containsExactly("S", "M", "L");
        assertThat(created.fields().getFirst().required()).isTrue();
        assertThat(created.fields().get(1).maxLength()).isEqualTo(40);
        assertThat(created.fields().get(1).sendToHelloAsso()).isFalse();
        assertThat(new Browser(URI.create(base())).get("/offers/regate").body())
                .contains("id=\"answer-taille\"").contains("id=\"answer-club\"");
        String edit = admin.get("/admin/offers/regate").body();
        assertThat(edit).contains("value=\"taille\"").contains("name=\"fields[1].remove\"")
                .contains("name=\"fields[3].key\"");

        // removing one question
        Map<String, String> removing = new LinkedHashMap<>(right);
        removing.put("version", String.valueOf(created.version()));
        removing.put("fields[0].remove", "true");
        assertThat(admin.post("/admin/offers/regate", removing).status()).isEqualTo(303);
        assertThat(gateway.getBean(ConsoleOffers.class).find("regate").orElseThrow().fields())
                .extracting(FieldDefinition::key).containsExactly("club");
    }

    @Test
    void hostileAnswersOnThePayerFormAreRefusedWithA400() {
        Browser payer = new Browser(URI.create(base()));
        String english = new Browser(URI.create(base())).language("en").get("/offers/stage").body();
        assertThat(english).contains("Licence number").contains("On your FFV card").contains("(required)")
                .contains("Age").contains("Taille de T-shirt").as("no English label: the French one");
        payer.get("/offers/stage");
        Map<String, String> valid = new LinkedHashMap<>(Browser.form("firstName", "Jean", "lastName", "Bart",
                "email", "jean.bart@example.org", "country", "FRA", "answers[licence]", "AB1234", "answers[age]", "30",
                "answers[phone]", "0612345678", "answers[size]", "S", "answers[rules]", "true"));
        for (Map.Entry<String, String> hostile : List.of(Map.entry("answers[licence]", "AB12\u0000"),
                Map.entry("answers[notes]", "a\u202Eb"), Map.entry("answers[notes]", "x".repeat(5000)),
                Map.entry("answers[size]", "S\u200B"), Map.entry("answers[injected]", "1"),
                Map.entry("answers[licence][x]", "1"), Map.entry("answers[a\u0000]", "1"),
                Map.entry("answers[age]", "1e308"))) {
            Map<String, String> form = new LinkedHashMap<>(valid);
            form.put(hostile.getKey(), hostile.getValue());
            Browser.Page page = payer.post("/offers/stage", form);
            assertThat(page.status()).as(hostile.getKey() + "=" + hostile.getValue()).isEqualTo(400);
        }
        assertThat(payer.post("/offers/stage", valid).status()).as("the same form without them").isEqualTo(303);
    }

    private static WebElement input(WebDriver driver, String key) {
        return driver.findElement(By.id("answer-" + key));
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static void submit(WebDriver driver) {
        WebElement leaving = driver.findElement(By.tagName("html"));
        driver.findElement(By.id("pay")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(Chromium.pageLeft(leaving));
    }
}
