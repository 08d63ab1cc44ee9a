package org.passerelle.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Where emulator mode keeps the emulated HelloAsso's state: beside a database that lasts, nowhere beside one in memory. */
class EmulatorDataDirTest {

    static PasserelleProperties properties(String dataDir) {
        return new PasserelleProperties("", dataDir, null, null, null, null, null, null, List.of());
    }

    @Test
    void theEmbeddedFileDatabaseAndPostgresqlGetTheEmulatorsStateInTheDataFolder() {
        for (String url : new String[] {"jdbc:h2:file:./data/passerelle;MODE=PostgreSQL", "jdbc:postgresql://127.0.0.1/p"}) {
            assertThat(HelloAssoConfiguration.emulatorDataDir(properties("/srv/passerelle"),
                    new MockEnvironment().withProperty("spring.datasource.url", url)))
                    .as(url).isEqualTo(Path.of("/srv/passerelle/helloasso-emulator"));
        }
    }

    @Test
    void aDatabaseInMemoryGoesWithAnEmulatorInMemory() {
        assertThat(HelloAssoConfiguration.emulatorDataDir(properties("./data"),
                new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:mem:tests;MODE=PostgreSQL"))).isNull();
    }
}
