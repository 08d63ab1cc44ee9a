package org.passerelle.gateway.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the keys come from. {@code passerelle.secrets.key} in production (the same on every instance); without it, a
 * key generated once into {@code secrets.key} beside the embedded database (readable by its owner only), so that the
 * one-command start needs nothing; with an in-memory database, a key for this run only. A key file left from before a
 * key was configured is still read, so that setting the key later is itself a rotation. Keys are never logged.
 */
final class SecretKeys {

    static final String FILE_NAME = "secrets.key";
    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretKeys() {
    }

    /**
     * @param dataDir where the generated key lives; null when the database is in memory
     * @param sharedDatabase whether other instances may use the same database (not an embedded H2 file)
     */
    static SecretBox load(SecretsProperties properties, Path dataDir, boolean sharedDatabase) {
        List<byte[]> previous = new ArrayList<>();
        for (int i = 0; i < properties.previousKeys().size(); i++) {
            previous.add(decode(properties.previousKeys().get(i), "passerelle.secrets.previous-keys[" + i + "]"));
        }
        Path file = dataDir == null ? null : dataDir.resolve(FILE_NAME).toAbsolutePath();
        if (!properties.key().isBlank()) {
            byte[] current = decode(properties.key(), "passerelle.secrets.key");
            if (file != null && Files.isRegularFile(file)) {
                byte[] generated = readFile(file);
                if (!SecretBox.keyId(generated).equals(SecretBox.keyId(current))) {
                    previous.add(generated);
                    log.info("Secrets at rest: the key generated earlier in {} is still read, so that what it encrypted"
                            + " moves to passerelle.secrets.key at this start; the file can then be deleted.", file);
                }
            }
            SecretBox box = new SecretBox(current, previous);
            log.info("Secrets at rest: encrypted with passerelle.secrets.key (key id {}){}", box.currentKeyId(),
                    previous.isEmpty() ? "" : ", " + previous.size() + " previous key(s) still read");
            return box;
        }
        if (file == null) {
            log.info("Secrets at rest: in-memory database, encrypted with a key generated for this run only");
            return new SecretBox(randomKey(), previous);
        }
        byte[] current = readOrCreate(file);
        SecretBox box = new SecretBox(current, previous);
        if (sharedDatabase) {
            log.warn("Secrets at rest: no passerelle.secrets.key set, so secrets are encrypted with the key kept in {}"
                    + " (key id {}). Every instance sharing this database needs the same key: set"
                    + " passerelle.secrets.key (docs/operations.md, \"Secrets at rest\").", file, box.currentKeyId());
        } else {
            log.info("Secrets at rest: encrypted with the key kept in {} (key id {}). Back it up apart from the"
                    + " database; in production set passerelle.secrets.key instead.", file, box.currentKeyId());
        }
        return box;
    }

    static byte[] decode(String value, String setting) {
        byte[] key;
        try {
            String trimmed = value.trim();
            key = trimmed.contains("-") || trimmed.contains("_") ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != SecretBox.KEY_BYTES) {
            throw new SecretKeyException(setting + " is not a key (value hidden): it must be 32 random bytes in"
                    + " base64, 44 characters.", "Generate one with: openssl rand -base64 32");
        }
        return key;
    }

    private static byte[] readOrCreate(Path file) {
        try {
            Files.createDirectories(file.getParent());
            byte[] key = randomKey();
            try {
                Files.write(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII),
                        createOptions(file));
                log.info("Secrets at rest: generated a new key in {}", file);
                return key;
            } catch (FileAlreadyExistsException exists) {
                return readFile(file);
            }
        } catch (IOException e) {
            throw new SecretKeyException("the key that encrypts stored secrets cannot be written to " + file + " ("
                    + e.getClass().getSimpleName() + ").",
                    "Make passerelle.data-dir writable, or set passerelle.secrets.key (openssl rand -base64 32).", e);
        }
    }

    private static StandardOpenOption[] createOptions(Path file) throws IOException {
        // CREATE_NEW: never overwrite a key that encrypted something; owner-only from the first byte where possible
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> ownerOnly =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            Files.createFile(file, ownerOnly);
            return new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING};
        }
        return new StandardOpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
    }

    private static byte[] readFile(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    && !PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).endsWith("------")) {
                log.warn("Secrets at rest: {} can be read by other users than its owner: chmod 600 it", file);
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "the key file " + file);
        } catch (IOException e) {
            throw new SecretKeyException("the key that encrypts stored secrets cannot be read from " + file + " ("
                    + e.getClass().getSimpleName() + ").",
                    "Give Passerelle read access to it, or set passerelle.secrets.key to the key it holds.", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[SecretBox.KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }
}
