package org.passerelle.gateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A host application on a real local HTTP server: records every request and answers what the test says. */
public final class TestHost implements AutoCloseable {

    /** One request as received: path, headers (lower-case names, first value) and raw body. */
    public record Received(String path, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** What the host answers: a status, after an optional delay. */
    public interface Answer {
        Reply reply(String path, String body);
    }

    public record Reply(int status, String body, Duration delay) {

        public static Reply status(int status) {
            return new Reply(status, "", Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<Answer> answer = new AtomicReference<>((path, body) -> Reply.status(204));
    private final AtomicInteger count = new AtomicInteger();

    public TestHost() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                    values.getFirst()));
            String path = exchange.getRequestURI().toString();
            received.add(new Received(path, headers, body));
            count.incrementAndGet();
            Reply reply = answer.get().reply(path, body);
            try {
                Thread.sleep(reply.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public TestHost answer(Answer next) {
        answer.set(next);
        return this;
    }

    public TestHost status(int status) {
        return answer((path, body) -> Reply.status(status));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String bodyFragment) {
        return received.stream().filter(r -> r.body().contains(bodyFragment)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
