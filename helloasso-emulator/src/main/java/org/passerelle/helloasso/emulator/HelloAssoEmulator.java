package org.passerelle.helloasso.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.passerelle.helloasso.emulator.Http.Request;
import org.passerelle.helloasso.emulator.Http.Response;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.node.ObjectNode;

/**
 * A local HelloAsso: the OAuth2 token endpoint, the v5 API (checkout intents, orders, payments, refunds,
 * notification URLs), the hosted payment page, signed notifications and a control API, on the JDK HTTP server.
 *
 * <pre>{@code
 * try (HelloAssoEmulator helloAsso = HelloAssoEmulator.start()) {
 *     URI base = helloAsso.baseUrl();          // API at base + "/v5", token at base + "/oauth2/token"
 *     helloAsso.control().failNext("checkoutIntents.create", 1, 500);
 * }
 * }</pre>
 */
public final class HelloAssoEmulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HelloAssoEmulator.class.getName());

    final EmulatorConfig config;
    final EmulatorClock clock;
    final Tokens tokens;
    final Faults faults = new Faults();
    final Notifier notifier;
    final Ledger ledger;
    final Views views;
    /** Null when the state lives in memory only. */
    private final StateStore store;
    private final EmulatorControl control;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService ticker;
    private final URI baseUrl;
    private final ApiRoutes api;
    private final HostedPage hostedPage;
    private final ConsentPage consentPage;
    private final ControlRoutes controlRoutes;
    private final List<RecordedCall> calls = new ArrayList<>();
    final List<ExchangeObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HelloAssoEmulator(EmulatorConfig config) throws IOException {
        this.config = config;
        this.clock = new EmulatorClock(config.clock() == null ? Clock.systemUTC() : config.clock());
        this.server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 100);
        // Bound to every interface: links still need a host a browser can reach, and 127.0.0.1 always is.
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : server.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.baseUrl = URI.create("http://" + host + ":" + server.getAddress().getPort());
        this.tokens = new Tokens(clock, config.accessTokenTtl(), config.refreshTokenTtl(), config.authorizationCodeTtl(),
                config.clients());
        this.notifier = new Notifier(clock, config, (type, body) -> observers.forEach(o -> o.notified(type, body)));
        Views[] viewsHolder = new Views[1];
        this.ledger = new Ledger(clock, config, payment -> publish(viewsHolder[0], payment));
        this.views = new Views(baseUrl.toString(), ledger);
        viewsHolder[0] = views;
        this.store = config.dataDir() == null ? null : new StateStore(config.dataDir());
        if (store != null) {
            restore();
        }
        this.control = new EmulatorControl(this);
        this.api = new ApiRoutes(tokens, ledger, views, notifier, config, baseUrl.toString(), clock);
        this.hostedPage = new HostedPage(ledger, clock);
        this.consentPage = new ConsentPage(tokens, ledger, config);
        this.controlRoutes = new ControlRoutes(control);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "helloasso-emulator-clock");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts an emulator with the defaults on a free port of 127.0.0.1. */
    public static HelloAssoEmulator start() {
        return start(EmulatorConfig.defaults());
    }

    public static HelloAssoEmulator start(EmulatorConfig config) {
        try {
            HelloAssoEmulator emulator = new HelloAssoEmulator(config);
            emulator.server.start();
            // Time-driven changes (instalments, bank validations, refunds) happen even when nobody calls the API.
            emulator.ticker.scheduleWithFixedDelay(emulator::tickQuietly, 250, 250, TimeUnit.MILLISECONDS);
            LOG.log(Level.DEBUG, () -> "HelloAsso emulator started at " + emulator.baseUrl);
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the HelloAsso emulator on " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** The host root, e.g. {@code http://127.0.0.1:8081}: the API is under {@code /v5}, the token endpoint at
     * {@code /oauth2/token}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code baseUrl() + "/v5"}. */
    public URI apiBaseUrl() {
        return URI.create(baseUrl + "/v5");
    }

    /**
     * {@code baseUrl() + "/authorize"}: the partner consent page, HelloAsso's {@code https://auth.helloasso.com/authorize}
     * (api-notes §1.2).
     */
    public URI authorizeUrl() {
        return URI.create(baseUrl + ConsentPage.PATH);
    }

    /** The partner API client every emulator has (partner mode). */
    public String partnerClientId() {
        return config.defaultPartnerClient().clientId();
    }

    public String partnerClientSecret() {
        return config.defaultPartnerClient().clientSecret();
    }

    /** {@code baseUrl() + "/oauth2/token"}. */
    public URI tokenUrl() {
        return URI.create(baseUrl + "/oauth2/token");
    }

    public int port() {
        return baseUrl.getPort();
    }

    public String organizationSlug() {
        return config.organizationSlug();
    }

    public String clientId() {
        return config.defaultClient().clientId();
    }

    public String clientSecret() {
        return config.defaultClient().clientSecret();
    }

    public EmulatorConfig config() {
        return config;
    }

    public EmulatorControl control() {
        return control;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
        notifier.close();
        executor.shutdownNow();
        if (store != null) {
            store.close();
        }
    }

    /** Where the state is kept between runs, or null when it lives in memory only. */
    public java.nio.file.Path dataDir() {
        return store == null ? null : store.dir();
    }

    // ---- state kept between runs ------------------------------------------------------------------------------

    /** Loads the snapshot and journal of the data directory, folds them into a new snapshot, then journals on. */
    private void restore() {
        StateStore.Loaded loaded = store.load();
        Duration offset = Duration.ZERO;
        java.time.Instant shown = null;
        List<Notifier.Registration> urls = null;
        List<tools.jackson.databind.JsonNode> lines = new ArrayList<>();
        if (loaded.snapshot() != null) {
            ObjectNode snapshot = loaded.snapshot();
            snapshot.get("ledger").get("intents").forEach(ledger::restore);
            ledger.restoreIds(snapshot.get("ledger").get("ids"));
            urls = registrations(snapshot.get("notificationUrls"));
            if (snapshot.has("partner")) {
                tokens.restore(snapshot.get("partner"));
            }
            offset = Duration.parse(snapshot.get("clockOffset").stringValue());
            shown = java.time.Instant.parse(snapshot.get("now").stringValue());
        }
        lines.addAll(loaded.changes());
        for (tools.jackson.databind.JsonNode line : lines) {
            switch (line.path("t").asString("")) {
                case "intent" -> ledger.restore(line.get("intent"));
                case "ids" -> ledger.restoreIds(line);
                case "urls" -> urls = registrations(line.get("urls"));
                case "clock" -> offset = Duration.parse(line.get("offset").stringValue());
                case "link", "domain", "refresh", "refreshUsed" -> tokens.restoreLine(line);
                default -> LOG.log(Level.WARNING, "HelloAsso emulator: unknown journal line ignored: " + line);
            }
            if (line.hasNonNull("at")) {
                java.time.Instant at = java.time.Instant.parse(line.get("at").stringValue());
                shown = shown == null || at.isAfter(shown) ? at : shown;
            }
        }
        clock.restore(offset, shown);
        if (urls != null) {
            notifier.restore(urls);
        }
        if (config.notificationUrl() != null) {
            // the URL given at start wins over the one the last run had
            notifier.setMainUrl(config.notificationUrl().url(), config.notificationUrl().signatureKey());
        }
        compact();
        ledger.persistTo(store, this::compact);
        notifier.onRegistrationsChanged(registrations -> store.append(List.of(urlsLine(registrations))));
        tokens.persistTo(line -> store.append(List.of(line)));
        LOG.log(Level.DEBUG, () -> "HelloAsso emulator: state restored from " + store.dir() + " (" + ledger.intentIds().size()
                + " checkout intents)");
    }

    private void compact() {
        ObjectNode state = Views.JSON.createObjectNode();
        state.put("version", 1);
        state.set("ledger", ledger.snapshot());
        state.set("notificationUrls", urlsLine(notifier.registrations()).get("urls"));
        state.set("partner", tokens.snapshot());
        state.put("clockOffset", clock.offset().toString());
        state.put("now", clock.instant().toString());
        store.compact(state);
    }

    private static ObjectNode urlsLine(List<Notifier.Registration> registrations) {
        ObjectNode line = Views.JSON.createObjectNode().put("t", "urls");
        tools.jackson.databind.node.ArrayNode urls = line.putArray("urls");
        registrations.forEach(r -> urls.addObject().put("organization", r.organization()).put("type", r.type())
                .put("url", r.url()).put("signatureKey", r.signatureKey()));
        return line;
    }

    private static List<Notifier.Registration> registrations(tools.jackson.databind.JsonNode urls) {
        List<Notifier.Registration> out = new ArrayList<>();
        for (tools.jackson.databind.JsonNode u : urls) {
            out.add(new Notifier.Registration(u.hasNonNull("organization") ? u.get("organization").stringValue() : null,
                    u.hasNonNull("type") ? u.get("type").stringValue() : null, u.get("url").stringValue(),
                    u.hasNonNull("signatureKey") ? u.get("signatureKey").stringValue() : null));
        }
        return out;
    }

    /** Moves the clock forward, keeps the new offset, and lets what falls due happen. */
    void advanceClock(Duration by) {
        clock.advance(by);
        if (store != null) {
            store.append(List.of(Views.JSON.createObjectNode().put("t", "clock").put("offset", clock.offset().toString())
                    .put("at", clock.instant().toString())));
        }
        ledger.tick();
    }

    // ---- internals used by EmulatorControl --------------------------------------------------------------------

    List<RecordedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void resetCalls() {
        synchronized (calls) {
            calls.clear();
        }
    }

    void reset() {
        faults.clear();
        ledger.reset();
        tokens.reset();
        notifier.reset();
        clock.resetOffset();
        resetCalls();
        if (store != null) {
            compact();
        }
    }

    private void tickQuietly() {
        try {
            ledger.tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "HelloAsso emulator clock tick failed", e);
        }
    }

    /** A payment changed: HelloAsso sends a Payment and an Order notification, each with the checkout metadata. */
    private void publish(Views views, Ledger.Payment payment) {
        var metadata = payment.order.intent.request.metadata();
        ObjectNode paymentEnvelope = Views.JSON.createObjectNode();
        paymentEnvelope.set("data", views.payment(payment, true));
        paymentEnvelope.put("eventType", "Payment");
        ObjectNode orderEnvelope = Views.JSON.createObjectNode();
        orderEnvelope.set("data", views.order(payment.order));
        orderEnvelope.put("eventType", "Order");
        if (metadata != null) {
            paymentEnvelope.set("metadata", metadata.deepCopy());
            orderEnvelope.set("metadata", metadata.deepCopy());
        }
        notifier.publish(payment.order.org(), List.of(
                new Notifier.Event("Payment", Views.JSON.writeValueAsString(paymentEnvelope)),
                new Notifier.Event("Order", Views.JSON.writeValueAsString(orderEnvelope))));
    }

    /** A form of the organization was created or changed: HelloAsso sends a Form notification (FormPublicModel). */
    void publishForm(String organization, String formType, String formSlug, String title) {
        if (!ledger.organizationExists(organization)) {
            throw new IllegalArgumentException("no organization " + organization);
        }
        if (!Ledger.FORM_TYPES.contains(formType)) {
            throw new IllegalArgumentException("formType must be one of " + Ledger.FORM_TYPES);
        }
        String now = Views.date(clock.instant());
        ObjectNode envelope = Views.JSON.createObjectNode();
        ObjectNode data = envelope.putObject("data");
        data.put("organizationName", ledger.organizationName(organization));
        data.put("organizationSlug", organization);
        data.putArray("tiers");
        data.put("currency", "EUR");
        data.put("description", "");
        data.putObject("meta").put("createdAt", now).put("updatedAt", now);
        data.put("state", "Public");
        data.put("title", title);
        data.put("formSlug", formSlug);
        data.put("formType", formType);
        data.put("url", baseUrl + "/associations/" + organization + "/" + formType.toLowerCase(java.util.Locale.ROOT)
                + "/" + formSlug);
        envelope.put("eventType", "Form");
        notifier.publish(organization, List.of(new Notifier.Event("Form", Views.JSON.writeValueAsString(envelope))));
    }

    /** HelloAsso sends an Organization notification when an organization's slug changes (the emulator's stays). */
    void publishOrganizationSlugChange(String oldSlug, String newSlug) {
        if (!ledger.organizationExists(oldSlug)) {
            throw new IllegalArgumentException("no organization " + oldSlug);
        }
        ObjectNode envelope = Views.JSON.createObjectNode();
        envelope.putObject("data").put("old_slug_organization", oldSlug).put("new_slug_organization", newSlug);
        envelope.put("eventType", "Organization");
        notifier.publish(oldSlug, List.of(new Notifier.Event("Organization", Views.JSON.writeValueAsString(envelope))));
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    private void serve(HttpExchange exchange) {
        long started = System.nanoTime();
        try (exchange) {
            Request request = Request.read(exchange);
            Response response = route(request);
            write(exchange, response);
            LOG.log(Level.DEBUG, () -> request.method() + " " + request.path() + " " + Http.redact(request.bodyText())
                    + " -> " + response.status() + " " + (response.contentType() != null && response.contentType().startsWith("application/json")
                    ? Http.redact(response.bodyText()) : "") + " (" + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms)");
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "HelloAsso emulator: connection problem: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "HelloAsso emulator: unexpected failure on " + exchange.getRequestURI().getPath(), e);
        }
    }

    private Response route(Request request) {
        Optional<Response> control = controlRoutes.handle(request);
        if (control.isPresent()) {
            return control.get();
        }
        Optional<ApiRoutes.Match> match = api.match(request);
        if (match.isPresent()) {
            return callApi(request, match.get());
        }
        try {
            Optional<Response> page = hostedPage.handle(request).or(() -> consentPage.handle(request));
            if (page.isPresent()) {
                return page.get();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "HelloAsso emulator: hosted page failed", e);
            return Response.html(500, "<!DOCTYPE html><title>Error</title><p>Internal error in the emulator.</p>");
        }
        if (request.path().equals("/") && request.method().equals("GET")) {
            return Response.html(200, "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>HelloAsso emulator</title>"
                    + "<h1>HelloAsso emulator</h1><p>API: <code>" + baseUrl + "/v5</code>, token: <code>" + baseUrl
                    + "/oauth2/token</code>, control: <a href=\"/_emulator\">/_emulator</a>.</p>");
        }
        return Response.errors(ApiException.notFound("No such resource: " + request.method() + " " + request.path()));
    }

    private Response callApi(Request request, ApiRoutes.Match match) {
        Response response;
        Duration latency = faults.nextLatency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Optional<Faults.Fault> fault = match.operation() == null ? Optional.empty() : faults.take(match.operation());
        if (fault.isPresent() && !fault.get().afterDoing()) {
            response = faultResponse(fault.get());
        } else {
            ApiRoutes.Authorization authorization = api.authorize(request, match);
            if (authorization.refusal() != null) {
                response = authorization.refusal();
            } else {
                try {
                    response = match.handler().apply(request, authorization.grant());
                } catch (ApiException e) {
                    response = Response.errors(e);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "HelloAsso emulator: unexpected failure on " + request.path(), e);
                    response = Response.errors(new ApiException(500, "InternalServerError", "Unexpected emulator failure: " + e));
                }
            }
            if (fault.isPresent()) {
                response = faultResponse(fault.get()); // done, but the answer is lost on its way back
            }
        }
        if (match.operation() != null) {
            synchronized (calls) {
                calls.add(new RecordedCall(clock.instant(), match.operation(), request.method(), request.path(), response.status()));
            }
        }
        if (!observers.isEmpty()) {
            ExchangeObserver.Exchange exchange = new ExchangeObserver.Exchange(match.operation(), request.method(),
                    request.path(), request.exchange().getRequestURI().getRawQuery(),
                    java.util.Map.copyOf(request.exchange().getRequestHeaders()), request.body(), response.status(),
                    response.contentType(), response.body());
            observers.forEach(o -> o.exchanged(exchange));
        }
        return response;
    }

    private static Response faultResponse(Faults.Fault fault) {
        if (fault.status() == 429) {
            long seconds = fault.retryAfter() == null ? 1 : Math.max(0, fault.retryAfter().toSeconds());
            return Response.errors(new ApiException(429, "TooManyRequests", "Too many requests, retry later (injected fault)."))
                    .withHeader("Retry-After", Long.toString(seconds));
        }
        return Response.errors(new ApiException(fault.status(), "InjectedFault",
                "Injected fault: HTTP " + fault.status() + " (emulator control API)."));
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        boolean noBody = response.body().length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
