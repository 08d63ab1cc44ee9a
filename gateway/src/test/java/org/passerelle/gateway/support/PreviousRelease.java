package org.passerelle.gateway.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jar of the previous release, built from the project's own git history: the code an association ran before
 * upgrading, not today's code pointed at an older schema (today's code needs today's tables). Built once (a Maven
 * build of its own: minutes) into {@code ~/.cache/passerelle/previous-release}, outside {@code target} so that a
 * clean build or another checkout of the project reuses it (the jar is named after its commit, which never changes;
 * {@code -Dpasserelle.previous-release.cache=…} puts it elsewhere). Without the project's git history (an export, a
 * shallow clone) the tests that need it are skipped, as the PostgreSQL ones are without PostgreSQL.
 */
public final class PreviousRelease {

    /** The last commit of the previous release (schema version 8.3). */
    public static final String COMMIT = "899d9b4632587af3f04ab46aa27348ed6a9fd0f3";
    public static final String SCHEMA_VERSION = "8.3";

    private static final Path HOME = Path.of(System.getProperty("passerelle.previous-release.cache",
            Path.of(System.getProperty("user.home"), ".cache", "passerelle", "previous-release").toString()))
            .toAbsolutePath();

    private PreviousRelease() {
    }

    /**
     * The previous release's {@code passerelle.jar}. Skips the calling test when the checkout has no history (a
     * shallow clone): there is nothing to build the previous release from.
     */
    public static synchronized Path jar() {
        Path jar = HOME.resolve("passerelle-" + COMMIT.substring(0, 12) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        assumeTrue(exitCode(Path.of("."), "git", "cat-file", "-e", COMMIT + "^{commit}") == 0,
                "the previous release " + COMMIT + " is not in this checkout's history (no git, or a shallow clone)");
        Path root = Path.of(run(Path.of("."), Duration.ofSeconds(30), "git", "rev-parse", "--show-toplevel").strip());
        Path source = null;
        try {
            Files.createDirectories(HOME);
            // a folder of this run's own: another build (another checkout) may be making the same jar meanwhile
            source = Files.createTempDirectory(HOME, "source-");
            Path archive = source.resolve("source.tar");
            run(root, Duration.ofMinutes(1), "git", "archive", "--output=" + archive, COMMIT);
            run(source, Duration.ofMinutes(1), "tar", "-xf", archive.toString());
            // the previous release's own build, with the JDK running the tests; no tests, only its jar
            run(source, Duration.ofMinutes(10), source.resolve("mvnw").toString(), "-B", "-q", "-ntp",
                    "-pl", "gateway", "-am", "package", "-Dmaven.test.skip=true");
            Path built = Files.createTempFile(HOME, "passerelle-", ".jar.part");
            Files.copy(source.resolve("gateway/target/passerelle.jar"), built, StandardCopyOption.REPLACE_EXISTING);
            Files.move(built, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            if (source != null) {
                org.springframework.util.FileSystemUtils.deleteRecursively(source.toFile());
            }
        }
    }

    private static int exitCode(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String run(Path directory, Duration limit, String... command) {
        try {
            Path output = Files.createTempFile("previous-release", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
            Process process = builder.start();
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            String printed = Files.readString(output);
            Files.delete(output);
            if (!ended) {
                process.destroyForcibly();
            }
            if (!ended || process.exitValue() != 0) {
                List<String> lines = printed.lines().toList();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            return printed;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
