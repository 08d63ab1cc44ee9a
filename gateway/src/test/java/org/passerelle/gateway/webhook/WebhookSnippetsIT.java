package org.passerelle.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayProcess;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The webhook-verification snippets of the docs, run as they are written there (so the docs cannot drift): PHP under
 * {@code php -S} and Node.js under {@code node}, each the endpoint of real webhooks Passerelle sends for a paid order;
 * Ruby's {@code PasserelleWebhook.valid?} with {@code ruby} on a webhook Passerelle signed. Each accepts the real one
 * and refuses it with its body, signature or timestamp changed. The interpreters come from Debian (.ci/run).
 */
// the snippets read the machine's time: the shared gateway's clock is the machine's at the start of each class
class WebhookSnippetsIT extends GatewayTestSupport {

    private static final Path DOCS = Path.of("..", "docs");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    WebhookEndpoints endpoints;

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void thePhpSnippetAcceptsPasserellesWebhooksAndRefusesForgedOnes() throws Exception {
        Path script = Files.writeString(work.resolve("webhook.php"), snippet("webhooks.md", "php", "<?php"));
        servesRealWebhooks(port -> List.of("php", "-S", "127.0.0.1:" + port, script.toString()), "/webhooks/passerelle");
    }

    @Test
    void theNodeSnippetAcceptsPasserellesWebhooksAndRefusesForgedOnes() throws Exception {
        Path script = Files.writeString(work.resolve("webhook.mjs"), snippet("webhooks.md", "js", "node:http"));
        servesRealWebhooks(port -> List.of("node", script.toString()), "/webhooks/passerelle");
    }

    @Test
    void theRubySnippetAcceptsAWebhookPasserelleSignedAndRefusesForgedOnes() throws Exception {
        Files.writeString(work.resolve("passerelle_webhook.rb"), snippet("rails.md", "ruby", "module PasserelleWebhook"));
        String secret = WebhookSigner.newSecret();
        String body = "{\"type\":\"order.paid\",\"data\":{\"itemName\":\"Adhésion 2026 — été\",\"amount\":2500}}";
        long now = clock.instant().getEpochSecond();
        String id = "msg_ruby_order.paid";
        String signature = WebhookSigner.sign(secret, id, now, body);

        assertThat(ruby(secret, id, now, signature, body)).as("the real webhook").isTrue();
        assertThat(ruby(secret, id, now, signature, body.replace("2500", "250"))).as("another body").isFalse();
        assertThat(ruby(secret, id, now, "v1,AAAA" + signature.substring(7), body)).as("another signature").isFalse();
        assertThat(ruby(secret, id, now - 600, WebhookSigner.sign(secret, id, now - 600, body), body))
                .as("ten minutes old").isFalse();
        assertThat(ruby(WebhookSigner.newSecret(), id, now, signature, body)).as("another secret").isFalse();
        assertThat(ruby(secret, id, now, "v1,old " + signature, body)).as("one of several signatures").isTrue();
    }

    private interface Command {
        List<String> at(int port);
    }

    /**
     * Starts the snippet as the endpoint of an order.paid webhook, pays an order so that Passerelle delivers it, and
     * checks the delivery succeeded; then sends it the same webhook altered, which must be refused (401).
     */
    private void servesRealWebhooks(Command command, String path) throws Exception {
        int port = GatewayProcess.freePort();
        URI url = URI.create("http://127.0.0.1:" + port + path);
        WebhookEndpoints.CreatedEndpoint endpoint = endpoints.add(url.toString(), Set.of("order.paid"), null, "test");
        try {
            ProcessBuilder builder = new ProcessBuilder(command.at(port)).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile());
            builder.environment().put("PASSERELLE_WEBHOOK_SECRET", endpoint.secret());
            builder.environment().put("PORT", Integer.toString(port));
            started.add(builder.start());
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> post(url, Map.of(), "{}").statusCode() == 401);

            Browser payer = browser();
            Placed placed = placeOrder(payer, "atelier-initiation");
            payer.follow(payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242"));
            await().atMost(Duration.ofSeconds(20)).until(() -> order(placed.orderId()).status() == OrderStatus.PAID);
            await().atMost(Duration.ofSeconds(30)).until(() -> delivery(endpoint.id(), placed.orderId(), "status")
                    .equals("DELIVERED"));
            assertThat(delivery(endpoint.id(), placed.orderId(), "last_http_status")).isEqualTo("204");

            // the same webhook, altered on the way
            String body = delivery(endpoint.id(), placed.orderId(), "payload");
            String id = delivery(endpoint.id(), placed.orderId(), "webhook_id");
            long now = System.currentTimeMillis() / 1000;   // the snippets read the machine's time
            String signature = WebhookSigner.sign(endpoint.secret(), id, now, body);
            assertThat(post(url, headers(id, now, signature), body).statusCode()).as("resent as signed").isEqualTo(204);
            assertThat(post(url, headers(id, now, signature), body.replace("\"PAID\"", "\"REFUNDED\"")).statusCode())
                    .as("another body").isEqualTo(401);
            assertThat(post(url, headers(id, now, signature.replace("v1,", "v1,A")), body).statusCode())
                    .as("another signature").isEqualTo(401);
            assertThat(post(url, headers(id, now - 600, WebhookSigner.sign(endpoint.secret(), id, now - 600, body)),
                    body).statusCode()).as("ten minutes old").isEqualTo(401);
            assertThat(post(url, headers(id + "x", now, signature), body).statusCode()).as("another id").isEqualTo(401);
        } finally {
            endpoints.remove(endpoint.id(), "test");
        }
    }

    private String delivery(String endpointId, String orderId, String column) {
        return jdbc.sql("SELECT " + column + " FROM webhook_deliveries WHERE endpoint_id = :endpoint AND order_id = :order")
                .param("endpoint", endpointId).param("order", orderId).query(String.class).optional().orElse("");
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    private static HttpResponse<String> post(URI url, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean ruby(String secret, String id, long timestamp, String signature, String body) throws Exception {
        Path file = Files.writeString(work.resolve("body.json"), body, StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder("ruby", "-e", """
                require "./passerelle_webhook"
                exit(PasserelleWebhook.valid?(ENV["SECRET"], ENV["ID"], ENV["TIMESTAMP"], ENV["SIGNATURE"],
                  File.binread(ARGV[0]).force_encoding("UTF-8"), now: Integer(ENV["NOW"])) ? 0 : 1)
                """, file.toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("ruby.log").toFile());
        builder.environment().putAll(Map.of("SECRET", secret, "ID", id, "TIMESTAMP", Long.toString(timestamp),
                "SIGNATURE", signature, "NOW", Long.toString(clock.instant().getEpochSecond())));
        Process ruby = builder.start();
        assertThat(ruby.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ruby.exitValue()).as(Files.readString(work.resolve("ruby.log"))).isIn(0, 1);
        return ruby.exitValue() == 0;
    }

    /** The fenced block of {@code language} in docs/{@code doc} that contains {@code marker}. */
    private static String snippet(String doc, String language, String marker) throws IOException {
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(DOCS.resolve(doc)));
        while (block.find()) {
            if (block.group(1).contains(marker)) {
                return block.group(1);
            }
        }
        throw new AssertionError("no " + language + " block with " + marker + " in docs/" + doc);
    }
}
