package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The standalone emulator with {@code --data-dir}, killed with SIGKILL while four clients create and pay checkouts
 * as fast as they can, then started again on the same directory, three times over: every intent and payment it
 * acknowledged is there, nothing is corrupt, and no id is issued twice.
 */
class EmulatorCrashIT {

    private static final Pattern BASE = Pattern.compile("Base URL:\\s+(http://\\S+)");

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Running(Process process, String base) {
    }

    Running start() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(),
                "--port", "0", "--data-dir", dir.toString(), "--access-token-ttl", "P1D")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = BASE.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return new Running(process, m.group(1));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the emulator did not start");
    }

    @Test
    void aKillDuringWritesLosesNothingAcknowledgedAndReissuesNoId() throws Exception {
        Map<Long, Long> acknowledged = new ConcurrentHashMap<>(); // intent id -> order id (0 until paid)
        long highestIntent = 0;
        for (int round = 0; round < 3; round++) {
            Running emulator = start();
            Api api = new Api(emulator.base());
            for (Map.Entry<Long, Long> known : acknowledged.entrySet()) {
                JsonNode stored = api.control("GET", "/checkout-intents/" + known.getKey());
                assertThat(stored.has("id")).as("intent %s acknowledged before the kill", known.getKey()).isTrue();
                if (known.getValue() != 0) {
                    assertThat(stored.get("orderId").asLong()).as("order of intent %s", known.getKey()).isEqualTo(known.getValue());
                }
            }
            long first = api.createIntent();
            assertThat(first).as("a new intent id after the restart").isGreaterThan(highestIntent);
            acknowledged.put(first, 0L);

            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try {
                            long intent = api.createIntent();
                            acknowledged.put(intent, 0L);
                            acknowledged.put(intent, api.control("POST", "/checkout-intents/" + intent + "/pay").get("orderId").asLong());
                        } catch (Exception killed) {
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(700 + 300L * round);
            emulator.process().destroyForcibly(); // SIGKILL, in the middle of the writes
            emulator.process().waitFor(10, TimeUnit.SECONDS);
            stop.set(true);
            for (Thread writer : writers) {
                writer.join(5_000);
            }
            highestIntent = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(acknowledged).as("round %s wrote something", round).hasSizeGreaterThan(round * 5 + 5);
        }
        Running last = start();
        try {
            Api api = new Api(last.base());
            List<Long> stored = new ArrayList<>();
            api.control("GET", "/checkout-intents").forEach(id -> stored.add(id.asLong()));
            assertThat(stored).containsAll(acknowledged.keySet()).doesNotHaveDuplicates();
            assertThat(api.createIntent()).isGreaterThan(highestIntent);
        } finally {
            last.process().destroyForcibly();
        }
    }

    /** Just enough of the API and control API over HTTP. */
    final class Api {
        final String base;
        final String token;

        Api(String base) throws Exception {
            this.base = base;
            HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=emulator-client-id"
                            + "&client_secret=emulator-client-secret")).build(), HttpResponse.BodyHandlers.ofString());
            this.token = Views.JSON.readTree(t.body()).get("access_token").asString();
        }

        long createIntent() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v5/organizations/passerelle-demo/checkout-intents"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(org.passerelle.helloasso.emulator.Api.checkoutBody(1000).toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("create answered " + r.statusCode() + ": " + r.body());
            }
            return Views.JSON.readTree(r.body()).get("id").asLong();
        }

        JsonNode control(String method, String path) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_emulator" + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return Views.JSON.readTree(r.body());
        }
    }
}
