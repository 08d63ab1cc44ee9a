package org.passerelle.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged gateway ({@code target/passerelle.jar}, built by {@code package} before failsafe runs) started as a
 * process of its own, as an association runs it: {@code java -jar}, its output in a log file. It can be killed for
 * real (SIGKILL: no shutdown hook, no finally block, nothing flushed) or stopped as a service manager does (SIGTERM).
 */
public final class GatewayProcess {

    public static final Path JAR = Path.of("target", "passerelle.jar");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar on {@code port} with these command-line arguments (and JVM options) and waits until it is ready
     * (readiness UP), or fails with the end of its log.
     */
    public static GatewayProcess start(int port, Path log, List<String> jvmOptions, List<String> arguments) {
        return start(JAR, port, log, jvmOptions, arguments);
    }

    /** The same with another copy of the jar (a long run copies it, so that a rebuild meanwhile does not touch it). */
    public static GatewayProcess start(Path jar, int port, Path log, List<String> jvmOptions, List<String> arguments) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the end-to-end tests with "
                    + "`./mvnw verify` (package builds the jar before failsafe runs)");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // the build's test JVM options (TestJvm): a start in 6 s of CPU instead of 14 on 2 cores; the caller's win
        command.addAll(TestJvm.options());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + port));
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            GatewayProcess gateway = new GatewayProcess(process, port, log);
            gateway.awaitReady(Duration.ofMinutes(5));   // about 10 s on an idle machine; CI machines are shared
            return gateway;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI url() {
        return URI.create("http://localhost:" + port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    private void awaitReady(Duration limit) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the gateway exited with " + process.exitValue() + ":\n" + logTail());
                }
                return status("/actuator/health/readiness") == 200;
            });
        } catch (ConditionTimeoutException late) {
            process.destroyForcibly();
            throw new IllegalStateException("the gateway was not ready within " + limit + ":\n" + logTail());
        }
    }

    /** HTTP status of a GET, 0 when nothing answers. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** SIGKILL, as the kernel's OOM killer or a power cut would: the process gets no chance to finish anything. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, as systemd or a container runtime stops a service; returns how long the process took to exit. */
    public Duration stop(Duration limit) {
        long started = System.nanoTime();
        process.destroy();
        if (!waitForExit(limit)) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
            throw new AssertionError("the gateway did not stop within " + limit + ":\n" + logTail());
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private boolean waitForExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Resident memory of the process (VmRSS), in KiB; -1 where /proc is not there. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    public Path log() {
        return log;
    }

    /** The lines of the log written at level ERROR, or WARN when asked (by this process and the ones before it). */
    public List<String> logLines(String level) {
        try {
            return Files.readAllLines(log).stream().filter(line -> line.contains(" " + level + " ")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
