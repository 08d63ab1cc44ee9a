package org.passerelle.gateway;

import java.util.Map;
import org.passerelle.gateway.config.ConfigFiles;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PasserelleApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(PasserelleApplication.class);
        // application.yaml next to passerelle.jar is read even when started from another folder (docs/configuration.md)
        ConfigFiles.besideTheJar(PasserelleApplication.class).ifPresent(location ->
                application.setDefaultProperties(Map.of("spring.config.additional-location", location)));
        application.run(args);
    }
}
