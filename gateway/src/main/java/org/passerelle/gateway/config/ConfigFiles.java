package org.passerelle.gateway.config;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Where Passerelle's configuration files are looked for, and which ones were read. Spring Boot looks in the current
 * folder (and its {@code config/}); people put {@code application.yaml} next to the jar and start it from elsewhere
 * (a service manager, a shell in another folder). So the jar's own folder is looked in too, and wins over the current
 * folder. The start-up banner says which files were actually read.
 */
public final class ConfigFiles {

    private static final Pattern FILE = Pattern.compile("^Config resource 'file \\[(.+)]' via location");

    private ConfigFiles() {
    }

    /**
     * {@code optional:file:<jar folder>/} when running from a jar started from another folder: the value for
     * {@code spring.config.additional-location}.
     */
    public static Optional<String> besideTheJar(Class<?> mainClass) {
        File source = new ApplicationHome(mainClass).getSource();
        if (source == null || !source.isFile() || !source.getName().endsWith(".jar")) {
            return Optional.empty(); // from an IDE or the build: the current folder is the project's
        }
        Path jarFolder = canonical(source.getParentFile().toPath());
        Path current = canonical(Path.of(""));
        if (jarFolder.equals(current)) {
            return Optional.empty(); // Spring Boot reads it already
        }
        return Optional.of("optional:file:" + jarFolder + File.separator);
    }

    /** The files the configuration was read from, most important first; empty when only the built-in defaults were. */
    public static List<String> read(ConfigurableEnvironment environment) {
        List<String> files = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            Matcher file = FILE.matcher(source.getName());
            if (file.find()) {
                String path = canonical(Path.of(file.group(1))).toString();
                if (!files.contains(path)) {
                    files.add(path);
                }
            }
        }
        return files;
    }

    private static Path canonical(Path path) {
        try {
            return path.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
