package org.passerelle.helloasso.emulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar helloasso-emulator.jar [--port 8081] [--bind 127.0.0.1] [--organization slug]
 * [--add-organization slug=Name] [--client-id id --client-secret secret] [--notification-url url [--signature-key key]]
 * [--access-token-ttl PT30M] [--checkout-intent-ttl PT15M] [--data-dir DIR]}
 */
public final class EmulatorMain {

    public static void main(String[] args) throws InterruptedException {
        EmulatorConfig.Builder config = EmulatorConfig.builder().port(8081);
        String clientId = null;
        String clientSecret = null;
        String notificationUrl = null;
        String signatureKey = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    usage();
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + arg);
                }
                String value = args[++i];
                switch (arg) {
                    case "--port" -> config.port(Integer.parseInt(value));
                    case "--bind" -> config.bindAddress(value);
                    case "--organization" -> config.organization(value);
                    case "--add-organization" -> {
                        String[] slugAndName = value.split("=", 2);
                        config.addOrganization(slugAndName[0], slugAndName.length > 1 ? slugAndName[1] : slugAndName[0]);
                    }
                    case "--client-id" -> clientId = value;
                    case "--client-secret" -> clientSecret = value;
                    case "--notification-url" -> notificationUrl = value;
                    case "--signature-key" -> signatureKey = value;
                    case "--access-token-ttl" -> config.accessTokenTtl(Duration.parse(value));
                    case "--checkout-intent-ttl" -> config.checkoutIntentTtl(Duration.parse(value));
                    case "--data-dir" -> config.dataDir(java.nio.file.Path.of(value));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (clientId != null || clientSecret != null) {
                config.client(clientId == null ? EmulatorConfig.DEFAULT_CLIENT_ID : clientId,
                        clientSecret == null ? EmulatorConfig.DEFAULT_CLIENT_SECRET : clientSecret);
            }
            if (notificationUrl != null) {
                config.notificationUrl(notificationUrl, signatureKey);
            }
        } catch (RuntimeException e) {
            System.err.println("helloasso-emulator: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        HelloAssoEmulator emulator = HelloAssoEmulator.start(config.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        boolean defaultSecret = emulator.clientSecret().equals(EmulatorConfig.DEFAULT_CLIENT_SECRET);
        System.out.println("HelloAsso emulator running (no real payment ever happens)");
        System.out.println("  Base URL:       " + emulator.baseUrl());
        System.out.println("  API:            " + emulator.apiBaseUrl());
        System.out.println("  Token endpoint: " + emulator.tokenUrl());
        System.out.println("  Organizations:  " + String.join(", ", emulator.config().organizations().keySet()));
        System.out.println("  Client id:      " + emulator.clientId());
        System.out.println("  Client secret:  " + (defaultSecret ? emulator.clientSecret() : "(as given with --client-secret)"));
        System.out.println("  Partner client: " + emulator.partnerClientId() + " / " + emulator.partnerClientSecret()
                + " (authorize page " + emulator.authorizeUrl() + ")");
        System.out.println("  Control API:    " + emulator.baseUrl() + "/_emulator");
        System.out.println("  State:          " + (emulator.dataDir() == null ? "in memory (lost when it stops; keep it with --data-dir)"
                : "kept in " + emulator.dataDir().toAbsolutePath()));
        System.out.println("  Test cards:     4242424242424242 success, 4000000000000002 refused, "
                + "4000000000000119 technical error, 4000000000000077 bank validation");
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
    }

    private static void usage() {
        System.err.println("usage: java -jar helloasso-emulator.jar [--port 8081] [--bind 127.0.0.1] [--organization slug]"
                + " [--add-organization slug=Name]... [--client-id id] [--client-secret secret] [--notification-url url] [--signature-key key]"
                + " [--access-token-ttl PT30M] [--checkout-intent-ttl PT15M] [--data-dir DIR]");
    }

    private EmulatorMain() {
    }
}
