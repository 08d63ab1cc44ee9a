package org.passerelle.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.passerelle.gateway.support.TestJvm;

/**
 * The packaged jar as a treasurer runs it: {@code java -jar /opt/passerelle/passerelle.jar} started from another
 * folder (a service manager, a shell elsewhere). The application.yaml next to the jar is read, the banner says which
 * files were, and a setting that cannot work stops start-up with one paragraph, not a stack trace.
 */
class ConfigurationFilesIT {

    static final Path JAR = Path.of("target", "passerelle.jar");

    @TempDir
    Path dir;

    private Path installed() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "target/passerelle.jar is built by the package phase");
        Path app = Files.createDirectories(dir.resolve("opt-passerelle"));
        Files.copy(JAR, app.resolve("passerelle.jar"));
        return app;
    }

    private Process run(Path app, Path workingDirectory) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(TestJvm.options());   // the build's quick-start JVM options: nothing the gateway does changes
        command.addAll(List.of("-jar", app.resolve("passerelle.jar").toString()));
        return new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
    }

    @Test
    void aSettingThatCannotWorkStopsStartUpWithOneParagraph() throws Exception {
        Path app = installed();
        Files.writeString(app.resolve("application.yaml"), """
                passerelle:
                  data-dir: %s
                  public-url: http://pay.example.org
                  helloasso:
                    client-id: 0123456789abcdef0123456789abcdef
                    client-secret: a-secret-that-must-not-be-printed
                    organization: les-amis-du-velo
                    environment: production
                """.formatted(dir.resolve("data")));
        Path elsewhere = Files.createDirectories(dir.resolve("home"));
        Process gateway = run(app, elsewhere);
        assertThat(gateway.waitFor(180, TimeUnit.SECONDS)).as("stopped by itself").isTrue();
        String output = new String(gateway.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(gateway.exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Passerelle cannot start: passerelle.public-url is http://pay.example.org but"
                        + " passerelle.helloasso.environment is production: HelloAsso sends payers and notifications"
                        + " to https:// addresses only.")
                .contains("set passerelle.public-url to that address")
                .doesNotContain("a-secret-that-must-not-be-printed");
        assertThat(output.lines()).as("no stack trace").noneMatch(line -> line.startsWith("\tat ")
                || line.startsWith("Caused by:"));
    }

    @Test
    void theFileNextToTheJarIsReadFromAnyFolderAndTheBannerSaysSo() throws Exception {
        Path app = installed();
        Path jarFile = Files.writeString(app.resolve("application.yaml"), """
                server:
                  port: 0
                passerelle:
                  data-dir: %s
                  emulator:
                    port: 0
                    organization: beside-the-jar
                """.formatted(dir.resolve("data")));
        Path elsewhere = Files.createDirectories(dir.resolve("home"));
        Path currentFile = Files.writeString(elsewhere.resolve("application.properties"),
                "passerelle.emulator.organization=current-folder\n");
        Process gateway = run(app, elsewhere);
        try {
            List<String> banner = readUntil(gateway, "Admin console:", Duration.ofSeconds(180));
            String text = String.join("\n", banner);
            assertThat(text).contains("EMULATOR MODE").contains("(organization 'beside-the-jar')")
                    .contains("Configuration read:  " + jarFile.toRealPath())
                    .contains(currentFile.toRealPath().toString());
            assertThat(text.indexOf(jarFile.toRealPath().toString()))
                    .as("the jar's folder wins, and is listed first")
                    .isLessThan(text.indexOf(currentFile.toRealPath().toString()));
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    /** The output lines up to the first containing {@code marker}. */
    private static List<String> readUntil(Process process, String marker, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        List<String> lines = new java.util.ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
            if (line.contains(marker)) {
                return lines;
            }
            if (Instant.now().isAfter(deadline)) {
                break;
            }
        }
        throw new AssertionError("'" + marker + "' not printed:\n" + String.join("\n", lines));
    }
}
