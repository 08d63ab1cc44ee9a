package org.passerelle.helloasso;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HelloAsso API v5 client. Thread-safe: build one per set of credentials and share it, so that every thread uses
 * the same cached access token.
 *
 * <pre>{@code
 * HelloAssoClient client = HelloAssoClient.builder()
 *     .environment(HelloAssoEnvironment.SANDBOX)
 *     .clientId(id).clientSecret(secret)
 *     .build();
 * }</pre>
 */
public final class HelloAssoClient {
    private final HelloAssoEnvironment environment;
    private final CheckoutIntents checkoutIntents;
    private final Orders orders;
    private final Payments payments;
    private final NotificationUrls notificationUrls;
    private final Organizations organizations;

    /** Null for a client acting for a linked organization (partner mode): it is no partner itself. */
    private final Partner partner;

    private HelloAssoClient(Builder builder) {
        this.environment = builder.environment;
        HttpTransport base = builder.transport != null ? builder.transport : new JdkHttpTransport(builder.connectTimeout);
        HttpTransport transport = new RetryingTransport(base, builder.maxRetries, builder.sleeper, builder.clock,
                () -> ThreadLocalRandom.current().nextDouble());
        TokenEndpoint endpoint = new TokenEndpoint(environment, builder.clientId, builder.clientSecret, transport,
                builder.clock, builder.requestTimeout, builder.listener);
        ApiRequester api = new ApiRequester(environment, transport, new AccessTokens(endpoint), builder.requestTimeout,
                builder.listener, builder.clock);
        this.checkoutIntents = new CheckoutIntents(api);
        this.orders = new Orders(api);
        this.payments = new Payments(api);
        this.notificationUrls = new NotificationUrls(api);
        this.organizations = new Organizations(api);
        this.partner = new Partner(environment, builder.clientId, api, endpoint, builder.organizationTokenStore,
                (slug, tokens) -> new HelloAssoClient(new ApiRequester(environment, transport, tokens,
                        builder.requestTimeout, builder.listener.forOrganization(slug), builder.clock)));
    }

    /** A client whose every call carries one linked organization's token (partner mode). */
    private HelloAssoClient(ApiRequester api) {
        this.environment = api.environment();
        this.checkoutIntents = new CheckoutIntents(api);
        this.orders = new Orders(api);
        this.payments = new Payments(api);
        this.notificationUrls = new NotificationUrls(api);
        this.organizations = new Organizations(api);
        this.partner = null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public HelloAssoEnvironment environment() {
        return environment;
    }

    public CheckoutIntents checkoutIntents() {
        return checkoutIntents;
    }

    public Orders orders() {
        return orders;
    }

    public Payments payments() {
        return payments;
    }

    public NotificationUrls notificationUrls() {
        return notificationUrls;
    }

    public Organizations organizations() {
        return organizations;
    }

    /**
     * Partner mode: linking organizations through HelloAsso's authorization page and acting for each with its own
     * token. Only for a partner's API client (the one built with the partner's credentials).
     *
     * @throws IllegalStateException on a client returned by {@link Partner#organization(String)}
     */
    public Partner partner() {
        if (partner == null) {
            throw new IllegalStateException("this client acts for one organization; partner() belongs to the partner's client");
        }
        return partner;
    }

    @Override
    public String toString() {
        return "HelloAssoClient[" + environment.hostRoot() + "]";
    }

    /** Configures a client. Environment and credentials are required; everything else has a sensible default. */
    public static final class Builder {
        private HelloAssoEnvironment environment;
        private String clientId;
        private String clientSecret;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private int maxRetries = 2;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private HttpTransport transport;
        private HelloAssoListener listener = HelloAssoListener.NONE;
        private OrganizationTokenStore organizationTokenStore = OrganizationTokenStore.inMemory();

        private Builder() {
        }

        public Builder environment(HelloAssoEnvironment environment) {
            this.environment = environment;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /** Time allowed to open a connection (default 5 s); applies to the default transport. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** Time allowed for each HTTP exchange once sent (default 20 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** Retries for reads and the token call (default 2). Creations, refunds and cancellations are never retried. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Decides when tokens expire and interprets Retry-After dates (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Waits between retries (default {@link Thread#sleep}). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Replaces the JDK HttpClient transport; retries and authentication still wrap it. */
        public Builder transport(HttpTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder listener(HelloAssoListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Partner mode: where linked organizations' tokens are kept (default: in memory, lost at exit). Give a durable
         * store in production: refresh tokens rotate, and a lost one means linking the organization again.
         */
        public Builder organizationTokenStore(OrganizationTokenStore store) {
            this.organizationTokenStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @throws IllegalStateException when the environment or a credential is missing */
        public HelloAssoClient build() {
            if (environment == null) {
                throw new IllegalStateException("environment is required (PRODUCTION, SANDBOX or custom)");
            }
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalStateException("clientId is required");
            }
            if (clientSecret == null || clientSecret.isBlank()) {
                throw new IllegalStateException("clientSecret is required");
            }
            return new HelloAssoClient(this);
        }

        private static Duration positive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}
