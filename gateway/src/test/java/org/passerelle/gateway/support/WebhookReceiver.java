package org.passerelle.gateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.passerelle.gateway.webhook.WebhookVerifier;

/**
 * A host application's webhook endpoints on 127.0.0.1 ({@code /hooks/{name}}): every request is verified with the
 * endpoint's secret, recorded, held for {@code delay} (a slow host, so that deliveries are really in flight when the
 * gateway dies) and answered 204 — unless the gateway is gone by then, as with a real host.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request received: endpoint, webhook-id, event, order, whether its signature was valid, body. */
    public record Received(String endpoint, String webhookId, String event, String orderId, boolean signed, String body) {
    }

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ORDER = Pattern.compile("\"data\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final WebhookVerifier verifier;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Duration delay;

    public WebhookReceiver(String secret, Duration delay) {
        this.verifier = new WebhookVerifier(secret);
        this.delay = delay;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hooks/", exchange -> {
            inFlight.incrementAndGet();
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                boolean signed = verifier.verify(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body);
                String endpoint = exchange.getRequestURI().getPath().substring("/hooks/".length());
                received.add(new Received(endpoint, id, find(TYPE, body), find(ORDER, body), signed, body));
                Thread.sleep(this.delay);
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException gatewayGone) {
                // the gateway was killed while waiting for the answer
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.start();
    }

    private static String find(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? matcher.group(1) : null;
    }

    public URI url(String endpoint) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + endpoint);
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests received and not answered yet. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
