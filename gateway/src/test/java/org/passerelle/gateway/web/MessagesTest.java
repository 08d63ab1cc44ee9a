package org.passerelle.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every word in both languages: each French message has its English twin, and every key a template names exists. */
class MessagesTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    /** A plain space where French typography wants a no-break space. */
    private static final Pattern PLAIN_SPACE_BEFORE_SIGN = Pattern.compile("[ \\t][:;!?»]|«[ \\t]");
    /** A literal key in a template: #{order.title} or #{order.title(…)}; computed keys ('a.' + ${…}) are not checked. */
    private static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z][\\w.-]*)[}(]");

    @Test
    void everyFrenchMessageHasAnEnglishOneAndTheOtherWayRound() throws IOException {
        for (Path french : bundles()) {
            Path english = french.resolveSibling(french.getFileName().toString().replace(".properties", "_en.properties"));
            assertThat(english).as("English twin of " + french).exists();
            Properties fr = load(french);
            Properties en = load(english);
            assertThat(en.stringPropertyNames()).as(english.toString()).isEqualTo(fr.stringPropertyNames());
            fr.stringPropertyNames().forEach(key -> assertThat(fr.getProperty(key)).as(key).isNotBlank());
            en.stringPropertyNames().forEach(key -> assertThat(en.getProperty(key)).as(key).isNotBlank());
        }
    }

    @Test
    void everyKeyATemplateNamesExists() throws IOException {
        Set<String> known = new TreeSet<>();
        for (Path bundle : bundles()) {
            known.addAll(load(bundle).stringPropertyNames());
        }
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(RESOURCES.resolve("templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher key = KEY.matcher(Files.readString(template));
                while (key.find()) {
                    if (!known.contains(key.group(1))) {
                        missing.add(RESOURCES.relativize(template) + ": " + key.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /**
     * French typography on the payer's pages and in the console: a no-break space (U+00A0) before ":", ";", "!" and
     * "?" and inside « guillemets », so that the sign never starts a line on its own.
     */
    @Test
    void frenchPunctuationIsHeldByANoBreakSpace() throws IOException {
        Set<String> wrong = new TreeSet<>();
        for (Path french : bundles()) {
            load(french).forEach((key, value) -> {
                if (PLAIN_SPACE_BEFORE_SIGN.matcher((String) value).find()) {
                    wrong.add(french.getFileName() + ": " + key + "=" + value);
                }
            });
        }
        assertThat(wrong).as("plain spaces where French needs a no-break one").isEmpty();
    }

    /**
     * A message a template shows without arguments ({@code #{key}}) is not run through MessageFormat: an apostrophe
     * written twice there ({@code ''}, as messages with arguments need it) would be shown twice to the reader.
     */
    @Test
    void aMessageShownWithoutArgumentsWritesItsApostrophesOnce() throws IOException {
        Set<String> withoutArguments = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(RESOURCES.resolve("templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".html")).toList()) {
                Matcher key = KEY.matcher(Files.readString(template));
                while (key.find()) {
                    if (key.group().endsWith("}")) {
                        withoutArguments.add(key.group(1));
                    }
                }
            }
        }
        Set<String> doubled = new TreeSet<>();
        try (Stream<Path> files = Files.walk(RESOURCES, 2)) {
            for (Path bundle : files.filter(p -> p.toString().endsWith(".properties")).toList()) {
                load(bundle).forEach((key, value) -> {
                    if (withoutArguments.contains((String) key) && ((String) value).contains("''")) {
                        doubled.add(bundle.getFileName() + ": " + key + "=" + value);
                    }
                });
            }
        }
        assertThat(withoutArguments).as("the templates were read").contains("admin.empty.keys");
        assertThat(doubled).as("apostrophes written twice in messages shown without arguments").isEmpty();
    }

    private static Iterable<Path> bundles() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES, 2)) {
            return files.filter(p -> p.toString().endsWith(".properties") && !p.toString().endsWith("_en.properties"))
                    .filter(p -> p.getFileName().toString().startsWith("messages") || p.getParent().endsWith("i18n"))
                    .sorted().toList();
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
