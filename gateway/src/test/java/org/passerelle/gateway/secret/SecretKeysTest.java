package org.passerelle.gateway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeysTest {

    private static final SecretsProperties NONE = new SecretsProperties("", List.of());

    @TempDir
    Path data;

    @Test
    void withoutAKeyOneIsGeneratedOnceBesideTheDatabaseForItsOwnerOnly() throws IOException {
        SecretBox first = SecretKeys.load(NONE, data, false);
        Path file = data.resolve("secrets.key");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        SecretBox again = SecretKeys.load(NONE, data, false);
        assertThat(again.currentKeyId()).isEqualTo(first.currentKeyId());
        assertThat(again.open(first.seal("kept"))).isEqualTo("kept");
    }

    @Test
    void aConfiguredKeyWinsAndTheGeneratedOneIsStillRead() {
        SecretBox generated = SecretKeys.load(NONE, data, false);
        String sealed = generated.seal("from before");

        SecretBox configured = SecretKeys.load(new SecretsProperties(
                Base64.getEncoder().encodeToString(SecretBoxTest.KEY_B), List.of()), data, false);

        assertThat(configured.currentKeyId()).isEqualTo(SecretBox.keyId(SecretBoxTest.KEY_B));
        assertThat(configured.open(sealed)).isEqualTo("from before");
        assertThat(configured.isCurrent(sealed)).isFalse();
    }

    @Test
    void anInMemoryDatabaseGetsAKeyForTheRunOnlyAndWritesNothing() throws IOException {
        SecretBox box = SecretKeys.load(NONE, null, false);

        assertThat(box.open(box.seal("x"))).isEqualTo("x");
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenNamesTheSettings() throws IOException {
        Path blocked = data.resolve("not-a-directory");
        Files.writeString(blocked, "a file where the directory should be");

        assertThatThrownBy(() -> SecretKeys.load(NONE, blocked, false)).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("cannot be written")
                .satisfies(e -> assertThat(((SecretKeyException) e).action())
                        .contains("passerelle.data-dir").contains("passerelle.secrets.key"));
    }

    @Test
    void aDamagedKeyFileStopsTheStartInsteadOfMakingANewKey() throws IOException {
        Files.writeString(data.resolve("secrets.key"), "damaged\n");

        assertThatThrownBy(() -> SecretKeys.load(NONE, data, false)).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("secrets.key is not a key");
    }
}
