package org.passerelle.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ConfigFilesTest {

    @Test
    void theFilesReadAreListedMostImportantFirstAndClasspathDefaultsLeftOut(@TempDir Path dir) throws Exception {
        Path besideJar = Files.writeString(dir.resolve("application.yaml"), "server.port: 1");
        Path current = Files.writeString(Files.createDirectories(dir.resolve("cwd")).resolve("application.properties"), "");
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("Config resource 'file [" + besideJar
                + "]' via location 'optional:file:" + dir + "/'", Map.of()));
        environment.getPropertySources().addLast(new MapPropertySource("Config resource 'file [" + current
                + "]' via location 'optional:file:./'", Map.of()));
        environment.getPropertySources().addLast(new MapPropertySource(
                "Config resource 'class path resource [application.yaml]' via location 'optional:classpath:/'", Map.of()));

        assertThat(ConfigFiles.read(environment)).containsExactly(besideJar.toRealPath().toString(),
                current.toRealPath().toString());
        assertThat(ConfigFiles.read(new StandardEnvironment())).isEmpty();
    }

    @Test
    void fromTheBuildThereIsNoJarFolderToAdd() {
        assertThat(ConfigFiles.besideTheJar(ConfigFilesTest.class)).isEmpty();
    }
}
