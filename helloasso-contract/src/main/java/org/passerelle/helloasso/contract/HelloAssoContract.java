package org.passerelle.helloasso.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds HTTP exchanges with HelloAsso's API, and the notifications HelloAsso sends, to HelloAsso's OpenAPI spec
 * ({@code ../shared/helloasso/helloasso.json} beside the project) with an independent OpenAPI validator (Atlassian's
 * swagger-request-validator): the request (path, parameters, headers, content type, body schema) and the answer
 * (status, content type, body schema, {@code additionalProperties: false} included). Notifications carry no
 * operation: their {@code data} is checked against the spec's model for their type. Every departure is a
 * {@link Violation}, unless {@code allowed-deviations.json} lists it with a reason.
 *
 * <p>Thread-safe: exchanges arrive on the emulator's threads; the test thread takes the violations. Without the
 * spec the contract is {@linkplain #enabled() disabled} and says so once on standard error.
 */
public final class HelloAssoContract {

    private static final String MODELS = "HelloAsso.Api.V5.Common.Models.";
    /** The data model of each notification type, as HelloAsso's samples and api-notes §5.2 describe them. */
    private static final Map<String, String> NOTIFICATION_MODELS = Map.of(
            "Payment", MODELS + "Statistics.PaymentDetail",
            "Order", MODELS + "Statistics.OrderDetail",
            "Form", MODELS + "Forms.FormPublicModel");
    private static final Pattern LISTED = Pattern.compile("\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile HelloAssoContract shared;

    private final Path specFile;
    private final OpenApiInteractionValidator validator;
    private final SchemaValidator schemas;
    private final OpenAPI api;
    private final AllowList allowList;
    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, AtomicLong> validated = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> allowed = new ConcurrentHashMap<>();
    private final AtomicLong notChecked = new AtomicLong();

    private HelloAssoContract(Path specFile) {
        this.specFile = specFile;
        this.allowList = AllowList.load();
        if (specFile == null) {
            this.validator = null;
            this.schemas = null;
            this.api = null;
            return;
        }
        String spec;
        try {
            spec = Files.readString(specFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        this.api = new OpenAPIV3Parser().readContents(spec, null, options).getOpenAPI();
        // Everything the validator reports counts: nothing is downgraded to a warning behind our back.
        this.validator = OpenApiInteractionValidator.createFor(api)
                .withBasePathOverride("/v5")
                .withLevelResolver(LevelResolver.create().withDefaultLevel(ValidationReport.Level.ERROR).build())
                .build();
        this.schemas = new SchemaValidator(api, new MessageResolver());
    }

    /** A contract of its own (its own counts), reading the spec beside the project, or disabled without it. */
    public static HelloAssoContract open() {
        Optional<Path> spec = specFile();
        if (spec.isEmpty()) {
            System.err.println("SKIPPED: HelloAsso's OpenAPI spec not found at ../shared/helloasso/helloasso.json"
                    + " beside the project; exchanges are not checked against it");
        }
        return new HelloAssoContract(spec.orElse(null));
    }

    /** One contract per JVM (test run), reading the spec beside the project, or disabled without it. */
    public static HelloAssoContract shared() {
        HelloAssoContract contract = shared;
        if (contract == null) {
            synchronized (HelloAssoContract.class) {
                if (shared == null) {
                    shared = open();
                }
                contract = shared;
            }
        }
        return contract;
    }

    /** {@code ../shared/helloasso/helloasso.json} beside the directory holding mvnw. */
    public static Optional<Path> specFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                Path spec = dir.resolve("../shared/helloasso/helloasso.json").normalize();
                return Files.isRegularFile(spec) ? Optional.of(spec) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    public boolean enabled() {
        return validator != null;
    }

    public Path spec() {
        return specFile;
    }

    // ---- checks -----------------------------------------------------------------------------------------------

    /** Checks one exchange with the API (paths under {@code /v5}); anything else, e.g. the token call, is counted apart. */
    public void exchange(HttpExchange exchange) {
        if (!enabled()) {
            return;
        }
        if (!exchange.path().startsWith("/v5/")) {
            notChecked.incrementAndGet(); // the token endpoint lives outside the spec's paths (securitySchemes only)
            return;
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), exchange.path());
        queryParameters(exchange.rawQuery()).forEach(request::withQueryParam);
        exchange.requestHeaders().forEach((name, values) -> {
            if (name != null) {
                request.withHeader(name, values);
            }
        });
        if (exchange.requestBody() != null && exchange.requestBody().length > 0) {
            request.withBody(exchange.requestBody());
        }
        SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
        if (exchange.responseContentType() != null) {
            response.withContentType(exchange.responseContentType());
        }
        if (exchange.responseBody() != null && exchange.responseBody().length > 0) {
            response.withBody(exchange.responseBody());
        }
        ValidationReport report = validator.validate(request.build(), response.build());
        String what = exchange.method() + " " + exchange.path() + (exchange.rawQuery() == null ? "" : "?" + exchange.rawQuery())
                + " -> " + exchange.status();
        String where = operation(report).or(() -> template(exchange.method(), exchange.path()))
                .orElse(exchange.method() + " " + exchange.path());
        record(report, where, what, bodyText(exchange.responseBody(), exchange.requestBody()));
        validated.computeIfAbsent(where, k -> new AtomicLong()).incrementAndGet();
    }

    /** Checks a notification's envelope and its {@code data} against the spec's model for its type. */
    public void notification(String eventType, String body) {
        if (!enabled()) {
            return;
        }
        String where = "notification " + eventType;
        JsonNode envelope;
        try {
            envelope = JSON.readTree(body);
        } catch (IOException e) {
            add(new Violation("contract.notification.json", where, "not JSON: " + e.getMessage(), Set.of(), body));
            return;
        }
        Set<String> extra = new TreeSet<>();
        envelope.fieldNames().forEachRemaining(name -> {
            if (!Set.of("eventType", "data", "metadata").contains(name)) {
                extra.add(name);
            }
        });
        if (!extra.isEmpty()) {
            add(new Violation("contract.notification.envelope", where, "envelope properties " + extra
                    + " besides eventType, data and metadata", extra, abbreviate(body)));
        }
        if (!eventType.equals(envelope.path("eventType").asText())) {
            add(new Violation("contract.notification.eventType", where, "eventType is '" + envelope.path("eventType").asText()
                    + "'", Set.of(), abbreviate(body)));
        }
        String model = NOTIFICATION_MODELS.get(eventType);
        if (model == null) {
            add(new Violation("contract.notification.noSchema", where, "the spec has no model for " + eventType
                    + " notifications", Set.of(), abbreviate(body)));
        } else {
            Schema<?> schema = api.getComponents().getSchemas().get(model);
            ValidationReport report = schemas.validate(envelope.path("data").toString(), schema, "notification.data");
            record(report, where, where, abbreviate(body));
        }
        validated.computeIfAbsent(where, k -> new AtomicLong()).incrementAndGet();
    }

    private void record(ValidationReport report, String where, String what, String body) {
        for (ValidationReport.Message message : flatten(report.getMessages())) {
            if (message.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            String text = message.getMessage();
            Set<String> properties = new TreeSet<>();
            if (message.getKey().endsWith("additionalProperties")) {
                Matcher listed = LISTED.matcher(text.substring(Math.max(0, text.indexOf('['))));
                while (listed.find()) {
                    properties.add(listed.group(1));
                }
            }
            add(new Violation(message.getKey(), where, text, properties, what + "\n      " + body));
        }
    }

    private static List<ValidationReport.Message> flatten(List<ValidationReport.Message> messages) {
        List<ValidationReport.Message> all = new ArrayList<>();
        for (ValidationReport.Message m : messages) {
            if (m.getNestedMessages().isEmpty()) {
                all.add(m);
            } else {
                all.addAll(flatten(m.getNestedMessages()));
            }
        }
        return all;
    }

    private void add(Violation violation) {
        AllowList.Entry entry = allowList.match(violation);
        if (entry != null) {
            allowed.computeIfAbsent(entry.key() + " @ " + entry.where() + (entry.properties().isEmpty() ? "" : " " + entry.properties())
                            + (entry.contains() == null ? "" : " '" + entry.contains().strip() + "'"),
                    k -> new AtomicLong()).incrementAndGet();
            return;
        }
        synchronized (violations) {
            violations.add(violation);
        }
    }

    // ---- results ----------------------------------------------------------------------------------------------

    /** The violations found since the last call, which forgets them. */
    public List<Violation> takeViolations() {
        synchronized (violations) {
            List<Violation> taken = List.copyOf(violations);
            violations.clear();
            return taken;
        }
    }

    /** Fails, listing them, when exchanges broke the contract since the last call. */
    public void assertNoViolations() {
        List<Violation> taken = takeViolations();
        if (!taken.isEmpty()) {
            StringBuilder message = new StringBuilder(taken.size() + " departure(s) from HelloAsso's OpenAPI spec (" + specFile
                    + ") not in helloasso-contract's " + AllowList.RESOURCE + ":");
            taken.stream().limit(20).forEach(v -> message.append("\n  - ").append(v));
            throw new AssertionError(message.toString());
        }
    }

    /** How many exchanges and notifications were checked, by operation ({@code METHOD /path}) or notification type. */
    public Map<String, Long> validated() {
        Map<String, Long> out = new TreeMap<>();
        validated.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long validatedTotal() {
        return validated.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** How many departures each allow-list entry let through. */
    public Map<String, Long> allowedDeviations() {
        Map<String, Long> out = new TreeMap<>();
        allowed.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** One line for a test report: what was checked and what was let through. */
    public String summary() {
        if (!enabled()) {
            return "HelloAsso contract: not checked (no spec)";
        }
        return "HelloAsso contract: " + validatedTotal() + " exchanges and notifications checked against " + specFile
                + " (" + validated() + "), allowed deviations " + allowedDeviations() + ", token calls outside the spec: "
                + notChecked.get();
    }

    private static Optional<String> operation(ValidationReport report) {
        for (ValidationReport.Message m : flatten(report.getMessages())) {
            Optional<ApiOperation> op = m.getContext().flatMap(ValidationReport.MessageContext::getApiOperation);
            if (op.isPresent()) {
                return Optional.of(op.get().getMethod() + " " + op.get().getApiPath().original());
            }
        }
        return Optional.empty();
    }

    /** The spec's path template a request path matches, e.g. {@code GET /orders/{orderId}}. */
    private Optional<String> template(String method, String path) {
        String relative = path.substring("/v5".length());
        return api.getPaths().keySet().stream()
                .filter(t -> relative.matches(t.replaceAll("\\{[^}]+}", "[^/]+")))
                .min(java.util.Comparator.comparingInt(t -> t.split("\\{").length))
                .map(t -> method + " " + t);
    }

    private static Map<String, List<String>> queryParameters(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String bodyText(byte[] response, byte[] request) {
        String req = request == null ? "" : new String(request, StandardCharsets.UTF_8);
        String resp = response == null ? "" : new String(response, StandardCharsets.UTF_8);
        return "request " + abbreviate(req) + "\n      response " + abbreviate(resp);
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    @Override
    public String toString() {
        return summary();
    }
}
