package org.passerelle.helloasso.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How an emulator starts: where it listens, which organizations and API clients exist, and how long things live.
 * Built with {@link #builder()}; every setting has a documented default so {@code EmulatorConfig.builder().build()}
 * gives the standard emulator (organization {@code passerelle-demo}, client {@code emulator-client-id} /
 * {@code emulator-client-secret}).
 */
public final class EmulatorConfig {

    public static final String DEFAULT_ORGANIZATION = "passerelle-demo";
    public static final String DEFAULT_ORGANIZATION_NAME = "Passerelle Démo";
    public static final String DEFAULT_CLIENT_ID = "emulator-client-id";
    public static final String DEFAULT_CLIENT_SECRET = "emulator-client-secret";
    /** The privileges HelloAsso gives an organization's API client, plus refunds. */
    public static final Set<String> DEFAULT_PRIVILEGES = Set.of("AccessPublicData", "Checkout", "AccessTransactions",
            "RefundManagement");

    public static final String DEFAULT_PARTNER_CLIENT_ID = "emulator-partner-id";
    public static final String DEFAULT_PARTNER_CLIENT_SECRET = "emulator-partner-secret";

    /**
     * An API client: its credentials and the privileges its tokens carry. An association's client ({@code partner}
     * false) reaches every organization of the emulator; a partner's client reaches an organization only with the
     * token of the authorization-code flow for it, and its {@code client_credentials} token only the partner calls.
     */
    public record ClientAccount(String clientId, String clientSecret, Set<String> privileges, boolean partner) {
        public ClientAccount {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            privileges = Set.copyOf(privileges);
        }

        public ClientAccount(String clientId, String clientSecret, Set<String> privileges) {
            this(clientId, clientSecret, privileges, false);
        }

        @Override
        public String toString() {
            return "ClientAccount[clientId=" + clientId + ", clientSecret=***, privileges=" + privileges
                    + (partner ? ", partner" : "") + "]";
        }
    }

    /** A notification URL set at start, receiving every notification type; {@code signatureKey} may be null. */
    public record InitialNotificationUrl(String url, String signatureKey) {
        @Override
        public String toString() {
            return "InitialNotificationUrl[url=" + url + ", signatureKey=" + (signatureKey == null ? "none" : "***") + "]";
        }
    }

    private final int port;
    private final String bindAddress;
    private final String organizationSlug;
    private final Map<String, String> organizations;
    private final ClientAccount defaultClient;
    private final List<ClientAccount> clients;
    private final Duration accessTokenTtl;
    private final Duration refreshTokenTtl;
    private final Duration authorizationCodeTtl;
    private final ClientAccount defaultPartnerClient;
    private final Duration checkoutIntentTtl;
    private final Duration bankValidationDelay;
    private final Duration refundDelay;
    private final Duration cashOutDelay;
    private final Clock clock;
    private final InitialNotificationUrl notificationUrl;
    private final int notificationMaxAttempts;
    private final Duration notificationRetryBackoff;
    private final java.nio.file.Path dataDir;

    private EmulatorConfig(Builder b) {
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.organizationSlug = b.organizationSlug;
        Map<String, String> orgs = new LinkedHashMap<>();
        orgs.put(b.organizationSlug, b.organizationName);
        orgs.putAll(b.extraOrganizations);
        this.organizations = java.util.Collections.unmodifiableMap(orgs);
        this.defaultClient = new ClientAccount(b.clientId, b.clientSecret, DEFAULT_PRIVILEGES);
        List<ClientAccount> all = new ArrayList<>();
        all.add(defaultClient);
        this.defaultPartnerClient = new ClientAccount(DEFAULT_PARTNER_CLIENT_ID, DEFAULT_PARTNER_CLIENT_SECRET,
                DEFAULT_PRIVILEGES, true);
        all.add(defaultPartnerClient);
        all.addAll(b.extraClients);
        this.clients = List.copyOf(all);
        this.authorizationCodeTtl = b.authorizationCodeTtl;
        this.accessTokenTtl = b.accessTokenTtl;
        this.refreshTokenTtl = b.refreshTokenTtl;
        this.checkoutIntentTtl = b.checkoutIntentTtl;
        this.bankValidationDelay = b.bankValidationDelay;
        this.refundDelay = b.refundDelay;
        this.cashOutDelay = b.cashOutDelay;
        this.clock = b.clock;
        this.notificationUrl = b.notificationUrl;
        this.notificationMaxAttempts = b.notificationMaxAttempts;
        this.notificationRetryBackoff = b.notificationRetryBackoff;
        this.dataDir = b.dataDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EmulatorConfig defaults() {
        return builder().build();
    }

    public int port() { return port; }
    public String bindAddress() { return bindAddress; }
    public String organizationSlug() { return organizationSlug; }
    /** Every organization, slug to display name, the default one first. */
    public Map<String, String> organizations() { return organizations; }
    public ClientAccount defaultClient() { return defaultClient; }
    public List<ClientAccount> clients() { return clients; }
    /** The partner API client every emulator has ({@code emulator-partner-id} / {@code emulator-partner-secret}). */
    public ClientAccount defaultPartnerClient() { return defaultPartnerClient; }
    /** How long a code from the consent page can be exchanged (default 5 minutes, an ASSUMPTION). */
    public Duration authorizationCodeTtl() { return authorizationCodeTtl; }
    public Duration accessTokenTtl() { return accessTokenTtl; }
    public Duration refreshTokenTtl() { return refreshTokenTtl; }
    public Duration checkoutIntentTtl() { return checkoutIntentTtl; }
    public Duration bankValidationDelay() { return bankValidationDelay; }
    public Duration refundDelay() { return refundDelay; }
    public Duration cashOutDelay() { return cashOutDelay; }
    /** The clock the emulator starts from; null means the system clock. */
    public Clock clock() { return clock; }
    public InitialNotificationUrl notificationUrl() { return notificationUrl; }
    public int notificationMaxAttempts() { return notificationMaxAttempts; }
    public Duration notificationRetryBackoff() { return notificationRetryBackoff; }
    /** Where the state is kept between runs; null (the default) keeps it in memory only. */
    public java.nio.file.Path dataDir() { return dataDir; }

    public static final class Builder {
        private int port = 0;
        private String bindAddress = "127.0.0.1";
        private String organizationSlug = DEFAULT_ORGANIZATION;
        private String organizationName = DEFAULT_ORGANIZATION_NAME;
        private final Map<String, String> extraOrganizations = new LinkedHashMap<>();
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private final List<ClientAccount> extraClients = new ArrayList<>();
        private Duration accessTokenTtl = Duration.ofMinutes(30);
        private Duration refreshTokenTtl = Duration.ofDays(30);
        private Duration authorizationCodeTtl = Duration.ofMinutes(5);
        private Duration checkoutIntentTtl = Duration.ofMinutes(15);
        private Duration bankValidationDelay = Duration.ofMinutes(5);
        private Duration refundDelay = Duration.ofSeconds(10);
        private Duration cashOutDelay = Duration.ofDays(7);
        private Clock clock;
        private InitialNotificationUrl notificationUrl;
        private int notificationMaxAttempts = 5;
        private Duration notificationRetryBackoff = Duration.ofMillis(500);
        private java.nio.file.Path dataDir;

        private Builder() {
        }

        /**
         * Keeps intents, orders, payments, refunds, notification URLs, the clock and the id counters in this
         * directory, so that an emulator started again on it continues where the last one stopped (null: memory).
         */
        public Builder dataDir(java.nio.file.Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** The default organization's slug (its display name stays "Passerelle Démo" unless given). */
        public Builder organization(String slug) {
            return organization(slug, slug.equals(DEFAULT_ORGANIZATION) ? DEFAULT_ORGANIZATION_NAME : slug);
        }

        public Builder organization(String slug, String name) {
            this.organizationSlug = requireSlug(slug);
            this.organizationName = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder addOrganization(String slug, String name) {
            extraOrganizations.put(requireSlug(slug), Objects.requireNonNull(name, "name"));
            return this;
        }

        /** The default client, with the AccessPublicData, Checkout, AccessTransactions and RefundManagement privileges. */
        public Builder client(String clientId, String clientSecret) {
            this.clientId = requireText(clientId, "clientId");
            this.clientSecret = requireText(clientSecret, "clientSecret");
            return this;
        }

        public Builder addClient(String clientId, String clientSecret, String... privileges) {
            extraClients.add(new ClientAccount(requireText(clientId, "clientId"), requireText(clientSecret, "clientSecret"),
                    new LinkedHashSet<>(List.of(privileges))));
            return this;
        }

        /**
         * A partner API client, beside the default one ({@code emulator-partner-id}): it links organizations through
         * the consent page and the authorization-code flow.
         */
        public Builder addPartnerClient(String clientId, String clientSecret, String... privileges) {
            extraClients.add(new ClientAccount(requireText(clientId, "clientId"), requireText(clientSecret, "clientSecret"),
                    new LinkedHashSet<>(List.of(privileges)), true));
            return this;
        }

        public Builder authorizationCodeTtl(Duration ttl) {
            this.authorizationCodeTtl = requirePositive(ttl, "authorizationCodeTtl");
            return this;
        }

        public Builder accessTokenTtl(Duration ttl) {
            this.accessTokenTtl = requirePositive(ttl, "accessTokenTtl");
            return this;
        }

        public Builder refreshTokenTtl(Duration ttl) {
            this.refreshTokenTtl = requirePositive(ttl, "refreshTokenTtl");
            return this;
        }

        public Builder checkoutIntentTtl(Duration ttl) {
            this.checkoutIntentTtl = requirePositive(ttl, "checkoutIntentTtl");
            return this;
        }

        /** How long a "bank validation" payment (card 4000000000000077) waits before it is Authorized. */
        public Builder bankValidationDelay(Duration delay) {
            this.bankValidationDelay = requirePositive(delay, "bankValidationDelay");
            return this;
        }

        /** How long a refund stays Refunding (operation Processing) before it is Refunded (Processed). */
        public Builder refundDelay(Duration delay) {
            this.refundDelay = requirePositive(delay, "refundDelay");
            return this;
        }

        /** How long an Authorized payment stays {@code MoneyIn} before its cash-out makes it {@code Transfered}. */
        public Builder cashOutDelay(Duration delay) {
            this.cashOutDelay = requirePositive(delay, "cashOutDelay");
            return this;
        }

        /** The time the emulator starts from; it can then be advanced with the control API. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A notification URL receiving every notification type; signed when {@code signatureKeyOrNull} is set. */
        public Builder notificationUrl(String url, String signatureKeyOrNull) {
            this.notificationUrl = new InitialNotificationUrl(requireText(url, "url"), signatureKeyOrNull);
            return this;
        }

        /** Deliveries tried per notification when the receiver fails (default 5). */
        public Builder notificationMaxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("notificationMaxAttempts must be at least 1");
            }
            this.notificationMaxAttempts = attempts;
            return this;
        }

        /** Real-time wait before the first retry, doubled at each further retry (default 500 ms). */
        public Builder notificationRetryBackoff(Duration backoff) {
            this.notificationRetryBackoff = requirePositive(backoff, "notificationRetryBackoff");
            return this;
        }

        public EmulatorConfig build() {
            return new EmulatorConfig(this);
        }

        private static String requireSlug(String slug) {
            if (slug == null || !slug.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("an organization slug is lowercase letters, digits and dashes, got " + slug);
            }
            return slug;
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }

        private static Duration requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration");
            }
            return d;
        }
    }
}
