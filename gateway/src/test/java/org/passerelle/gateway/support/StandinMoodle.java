package org.passerelle.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * A Moodle made of the Moodle plugin's own PHP (moodle-plugin/passerelle, copied unchanged into payment/gateway/) and
 * the small stand-ins for Moodle's API under moodle-plugin/tests/standin, served by {@code php -S} with several
 * workers (so a webhook and a returning learner really run at once), and driven from the command line
 * (moodle-plugin/tests/e2e/driver.php) for what Moodle runs outside a page: the modal's web service, the scheduled
 * task. Skips the test when php is missing, as the browser tests do without Chromium.
 */
public final class StandinMoodle implements AutoCloseable {

    /** A page as the learner's browser gets it (redirects not followed). */
    public record Page(int status, String location, String body) {
    }

    private static final Path MODULE = Path.of("..", "moodle-plugin").toAbsolutePath().normalize();

    private final Path root;
    private final int port;
    private final Process server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private StandinMoodle(Path root, int port, Process server) {
        this.root = root;
        this.port = port;
        this.server = server;
    }

    public static StandinMoodle start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(phpAvailable(), "php is missing (apt-get install -y php-cli): Moodle plugin test skipped");
        Path root = Files.createTempDirectory("standin-moodle");
        Path plugin = root.resolve("payment/gateway/passerelle");
        copy(MODULE.resolve("passerelle"), plugin);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(root.resolve("config.php"), """
                <?php
                // The stand-in Moodle of the end-to-end test (see moodle-plugin/tests/standin/web.php).
                define('STANDIN_ROOT', __DIR__);
                define('STANDIN_WWWROOT', 'http://127.0.0.1:%d');
                require('%s');
                """.formatted(port, MODULE.resolve("tests/standin/web.php")));
        ProcessBuilder builder = new ProcessBuilder("php", "-S", "127.0.0.1:" + port, "-t", root.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("php-server.log").toFile());
        builder.environment().put("PHP_CLI_SERVER_WORKERS", "4");
        Process server = builder.start();
        StandinMoodle moodle = new StandinMoodle(root, port, server);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!server.isAlive()) {
                    throw new IllegalStateException("php -S exited");
                }
                return moodle.accepting();
            });
        } catch (RuntimeException notStarted) {   // exited, or not accepting within 20 s
            moodle.close();
            throw new IllegalStateException("php -S did not start: " + moodle.serverLog(), notStarted);
        }
        return moodle;
    }

    private static boolean phpAvailable() {
        try {
            return new ProcessBuilder("php", "-v").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The site's address ($CFG->wwwroot). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String webhookUrl() {
        return url() + "/payment/gateway/passerelle/webhook.php";
    }

    /** Runs a driver action (setup, login, start, task, state, configure, check) and returns its JSON answer. */
    public JsonNode run(String action, Map<String, ?> input) {
        try {
            Process process = new ProcessBuilder("php", MODULE.resolve("tests/e2e/driver.php").toString(), root.toString(),
                    action, ApiClient.JSON.writeValueAsString(input)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("driver " + action + " failed: " + output);
            }
            return ApiClient.JSON.readTree(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET as the browser of the user of session {@code sid} (null: nobody logged in). */
    public Page get(URI uri, String sid) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (sid != null) {
            request.header("Cookie", "MoodleSession=" + sid);
        }
        return send(request);
    }

    /** POST as Passerelle (or a forger) would send a webhook. */
    public Page postWebhook(Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhookUrl())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String serverLog() {
        try {
            return Files.readString(root.resolve("php-server.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The rows of a stand-in table, from the driver's state. */
    public List<JsonNode> rows(String table) {
        JsonNode state = run("state", Map.of());
        return state.get(table).valueStream().toList();
    }

    @Override
    public void close() {
        // php -S with workers: the workers are its children, stopped with it
        server.descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileSystemUtils.deleteRecursively(root.toFile());
    }
}
