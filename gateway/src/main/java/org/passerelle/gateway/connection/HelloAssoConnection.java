package org.passerelle.gateway.connection;

import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.helloasso.AuthenticationException;
import org.passerelle.helloasso.HelloAssoApiException;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.HelloAssoNetworkException;
import org.passerelle.helloasso.model.OrderListParams;
import org.passerelle.helloasso.model.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Is this instance's HelloAsso account usable? Checked just after start-up (in the background: a HelloAsso outage
 * never delays start-up), on demand from the console, and from what live checkouts meet. A check obtains a token,
 * reads the organization and lists one of its orders (three calls at most), so that wrong credentials, an unknown
 * or malformed slug, or credentials of another organization are told apart from an outage. A change of state is
 * logged once, in one line naming the setting and what to do, and audited; the console, health and payer pages
 * read {@link #status()}.
 *
 * <p>Each instance checks for itself (its settings are its own); nothing is cached across instances.
 */
@Component
public class HelloAssoConnection {

    private static final Logger log = LoggerFactory.getLogger(HelloAssoConnection.class);
    /** While HelloAsso does not answer, check again after these delays, then every last one. */
    static final List<Duration> RETRIES_WHILE_UNREACHABLE = List.of(Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5));
    /** Settings change only with a restart, but what HelloAsso allows may change: look again now and then. */
    static final Duration RECHECK_WHILE_MISCONFIGURED = Duration.ofMinutes(10);

    private final HelloAssoClient client;
    private final HelloAssoSettings settings;
    private final AuditLog audit;
    private final UtcClock clock;
    private final AtomicReference<ConnectionStatus> status = new AtomicReference<>(ConnectionStatus.notChecked());
    private final ReentrantLock checking = new ReentrantLock();
    private final AtomicInteger unreachableRetries = new AtomicInteger();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "helloasso-connection-check");
        thread.setDaemon(true);
        return thread;
    });

    private final ApplicationEventPublisher events;

    public HelloAssoConnection(HelloAssoClient client, HelloAssoSettings settings, AuditLog audit, UtcClock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.client = client;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(5) // after the start-up banner, whose "checking the connection now" this answers
    void checkAtStart() {
        if (settings.emulated()) {
            check(); // the emulator runs in this process and answers at once
        } else {
            background.execute(this::checkAndPlanNext);
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    public ConnectionStatus status() {
        return status.get();
    }

    /** The organization slug as configured (what the messages talk about). */
    public String organization() {
        return settings.organization();
    }

    /** Runs the check now (one at a time) and returns its result. */
    public ConnectionStatus check() {
        checking.lock();
        try {
            return update(runCheck());
        } finally {
            checking.unlock();
        }
    }

    /**
     * A live call on the organization failed (checkout creation). True when it is a settings mistake, which this
     * records (the payer is then told the truth); false for an outage or anything else.
     */
    public boolean reportFailure(HelloAssoException failure, String operation) {
        ConnectionProblem problem = problemOf(failure);
        if (problem == null) {
            return false;
        }
        if (!status.get().isMisconfigured()) {
            // a check's diagnosis is more precise than a live call's: it is kept while it stands
            update(ConnectionStatus.misconfigured(problem, detail(operation, failure), null, clock.now()));
        }
        return true;
    }

    /** A live call on the organization worked: whatever was wrong is fixed. */
    public void reportSuccess() {
        ConnectionStatus current = status.get();
        if (!current.isOk()) {
            update(ConnectionStatus.ok(current.organizationName(), clock.now()));
        }
    }

    private ConnectionStatus runCheck() {
        String slug = settings.organization();
        if (!OrganizationSlug.isWellFormed(slug)) {
            return ConnectionStatus.misconfigured(ConnectionProblem.MALFORMED_ORGANIZATION,
                    "not a slug: lower-case letters, digits and dashes", OrganizationSlug.suggestion(slug).orElse(null),
                    clock.now());
        }
        String operation = "organizations.get";
        try {
            Organization organization = client.organizations().get(slug);
            operation = "orders.list";
            client.orders().list(slug, OrderListParams.builder().pageSize(1).build());
            if (organization != null && organization.name() != null && !organization.name().isBlank()) {
                // the name payers and the console see, as the association wrote it at HelloAsso
                events.publishEvent(new OrganizationNamed(slug, organization.name()));
            }
            return ConnectionStatus.ok(organization == null ? null : organization.name(), clock.now());
        } catch (HelloAssoException e) {
            ConnectionProblem problem = problemOf(e);
            return problem == null ? ConnectionStatus.unreachable(detail(operation, e), clock.now())
                    : ConnectionStatus.misconfigured(problem, detail(operation, e), null, clock.now());
        }
    }

    /** Short and secret-free: "HTTP 404 on organizations.get", "token refused: 400 unauthorized_client"… */
    static String detail(String operation, HelloAssoException failure) {
        return switch (failure) {
            case AuthenticationException refused -> "token refused: " + refused.statusCode()
                    + (refused.error() == null ? "" : " " + refused.error());
            case HelloAssoApiException api -> "HTTP " + api.statusCode() + " on " + operation;
            case HelloAssoNetworkException network -> (network.isTimeout() ? "timed out" : "no answer") + " on "
                    + operation;
            default -> failure.getClass().getSimpleName() + " on " + operation;
        };
    }

    /** The settings mistake a failure reveals; null for an outage (no answer, 5xx, 429) or another kind of error. */
    static ConnectionProblem problemOf(HelloAssoException failure) {
        if (failure instanceof AuthenticationException) {
            return ConnectionProblem.WRONG_CREDENTIALS;
        }
        if (failure instanceof HelloAssoNetworkException || !(failure instanceof HelloAssoApiException api)) {
            return null;
        }
        return switch (api.statusCode()) {
            case 404 -> ConnectionProblem.UNKNOWN_ORGANIZATION;
            case 401, 403 -> ConnectionProblem.NOT_ALLOWED;
            default -> null;
        };
    }

    private void checkAndPlanNext() {
        ConnectionStatus result;
        try {
            result = check();
        } catch (RuntimeException unexpected) {
            log.warn("HelloAsso connection: the check failed unexpectedly ({}); trying again later", unexpected.toString());
            result = ConnectionStatus.unreachable(unexpected.toString(), clock.now());
        }
        Duration next = switch (result.state()) {
            case OK, NOT_CHECKED -> null;
            case MISCONFIGURED -> RECHECK_WHILE_MISCONFIGURED;
            case UNREACHABLE -> RETRIES_WHILE_UNREACHABLE.get(
                    Math.min(unreachableRetries.getAndIncrement(), RETRIES_WHILE_UNREACHABLE.size() - 1));
        };
        if (result.isOk()) {
            unreachableRetries.set(0);
        }
        if (next != null && !background.isShutdown()) {
            background.schedule(this::checkAndPlanNext, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private ConnectionStatus update(ConnectionStatus next) {
        ConnectionStatus previous = status.getAndSet(next);
        boolean changed = previous.state() != next.state() || previous.problem() != next.problem();
        if (!changed) {
            return next;
        }
        switch (next.state()) {
            case OK -> {
                log.info("HelloAsso connection: OK, {} answers for organization '{}'{}.", environmentName(),
                        settings.organization(), next.organizationName() == null ? "" : " (" + next.organizationName() + ")");
                if (previous.isMisconfigured()) {
                    audit.record(AuditEvent.success(null, AuditAction.HELLOASSO_CONNECTION_OK)
                            .message("HelloAsso accepts the settings again"));
                }
            }
            case MISCONFIGURED -> {
                String line = logLine(next);
                log.error(line);
                audit.record(AuditEvent.error(null, AuditAction.HELLOASSO_MISCONFIGURED).message(line));
            }
            case UNREACHABLE -> log.warn("HelloAsso connection: {} does not answer ({}). Nothing to change in"
                    + " Passerelle's settings: payments wait until it answers, and the connection is checked again.",
                    environmentName(), next.detail());
            case NOT_CHECKED -> {
            }
        }
        return next;
    }

    /** One line, public setting names, what to do. */
    String logLine(ConnectionStatus misconfigured) {
        String slug = settings.organization();
        String site = backOffice();
        String restart = " then restart Passerelle.";
        return "HelloAsso connection: " + switch (misconfigured.problem()) {
            case MALFORMED_ORGANIZATION -> "passerelle.helloasso.organization is '" + slug + "', which is not an"
                    + " organization slug. Set passerelle.helloasso.organization="
                    + Objects.requireNonNullElse(misconfigured.suggestion(), "<slug>") + " (the part after /associations/"
                    + " in your organization's address on " + site + "),";
            case WRONG_CREDENTIALS -> environmentName() + " refused passerelle.helloasso.client-id and"
                    + " passerelle.helloasso.client-secret (" + misconfigured.detail() + "). Copy both again from " + site
                    + " (Mon compte > Intégrations et API); credentials of one HelloAsso site do not work on the other"
                    + " (passerelle.helloasso.environment),";
            case UNKNOWN_ORGANIZATION -> environmentName() + " has no organization '" + slug
                    + "' (passerelle.helloasso.organization). Use the slug of your organization's address on " + site
                    + " (…/associations/<slug>),";
            case NOT_ALLOWED -> environmentName() + " accepts passerelle.helloasso.client-id but refuses it access to"
                    + " organization '" + slug + "' (" + misconfigured.detail() + "). Use the API client of this"
                    + " organization (" + site + ", Mon compte > Intégrations et API) or set"
                    + " passerelle.helloasso.organization to the organization it belongs to,";
        } + restart;
    }

    /** Which HelloAsso, for texts in the reader's language: emulated, sandbox, production or custom (a test server). */
    public String environmentKind() {
        if (settings.emulated()) {
            return "emulated";
        }
        if (client.environment().isProduction()) {
            return "production";
        }
        return client.environment().hostRoot().getHost().equals("api.helloasso-sandbox.com") ? "sandbox" : "custom";
    }

    /** The API's address: "api.helloasso.com", "127.0.0.1:8081"… */
    public String environmentHost() {
        return client.environment().hostRoot().getAuthority();
    }

    /** "HelloAsso sandbox (api.helloasso-sandbox.com)", "HelloAsso production (api.helloasso.com)", the emulator… */
    public String environmentName() {
        URI host = client.environment().hostRoot();
        if (settings.emulated()) {
            return "the emulated HelloAsso (" + host.getAuthority() + ")";
        }
        if (client.environment().isProduction()) {
            return "HelloAsso production (" + host.getHost() + ")";
        }
        if (host.getHost().equals("api.helloasso-sandbox.com")) {
            return "HelloAsso sandbox (" + host.getHost() + ")";
        }
        return "HelloAsso at " + host;
    }

    /** Where the association manages its account and API clients for this environment. */
    public String backOffice() {
        URI host = client.environment().hostRoot();
        if (client.environment().isProduction()) {
            return "https://www.helloasso.com";
        }
        if (host.getHost().equals("api.helloasso-sandbox.com")) {
            return "https://www.helloasso-sandbox.com";
        }
        return host.toString();
    }
}
