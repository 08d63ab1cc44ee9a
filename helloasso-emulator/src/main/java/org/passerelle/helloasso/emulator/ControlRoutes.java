package org.passerelle.helloasso.emulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.passerelle.helloasso.emulator.Http.Request;
import org.passerelle.helloasso.emulator.Http.Response;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The control API over HTTP, under {@code /_emulator/}: the same operations as {@link EmulatorControl}, JSON in and
 * out. Durations are ISO 8601 ({@code "PT15M"}) or milliseconds ({@code "...Ms"} fields). Unauthenticated by design:
 * the emulator listens on 127.0.0.1.
 */
final class ControlRoutes {

    static final String PREFIX = "/_emulator";

    private final EmulatorControl control;

    ControlRoutes(EmulatorControl control) {
        this.control = control;
    }

    Optional<Response> handle(Request r) {
        if (!r.path().equals(PREFIX) && !r.path().startsWith(PREFIX + "/")) {
            return Optional.empty();
        }
        String path = r.path().substring(PREFIX.length());
        String m = r.method();
        try {
            return Optional.of(dispatch(r, m, path));
        } catch (IllegalArgumentException e) {
            return Optional.of(error(400, e.getMessage()));
        } catch (IllegalStateException e) {
            return Optional.of(error(409, e.getMessage()));
        } catch (ApiException e) {
            return Optional.of(error(e.status(), e.getMessage()));
        }
    }

    private Response dispatch(Request r, String m, String path) {
        Matcher intent = Pattern.compile("/checkout-intents/(\\d+)(/[a-z-]+)?").matcher(path);
        Matcher payment = Pattern.compile("/payments/(\\d+)(/[a-z-]+)?").matcher(path);
        Matcher term = Pattern.compile("/orders/(\\d+)/instalments/(\\d+)/refuse").matcher(path);
        switch (m + " " + path) {
            case "GET ", "GET /" -> {
                return ok(index());
            }
            case "POST /reset" -> {
                control.reset();
                return ok(status("reset"));
            }
            case "GET /clock" -> {
                return ok(clock());
            }
            case "POST /clock/advance" -> {
                control.advanceClock(duration(body(r), "duration", "seconds"));
                return ok(clock());
            }
            case "POST /faults" -> {
                JsonNode b = body(r);
                if (b.has("afterDoing") && bool(b, "afterDoing")) {
                    control.loseAnswerOfNext(text(b, "operation"), intOr(b, "times", 1), intOr(b, "status", 504));
                } else {
                    control.failNext(text(b, "operation"), intOr(b, "times", 1), intOr(b, "status", 500));
                }
                return ok(status("planned"));
            }
            case "POST /faults/rate-limit" -> {
                JsonNode b = body(r);
                control.rateLimitNext(text(b, "operation"), intOr(b, "times", 1),
                        Duration.ofSeconds(intOr(b, "retryAfterSeconds", 1)));
                return ok(status("planned"));
            }
            case "POST /faults/latency" -> {
                JsonNode b = body(r);
                if (b.has("fixedMs")) {
                    control.latency(Duration.ofMillis(intOr(b, "fixedMs", 0)));
                } else {
                    control.latency(Duration.ofMillis(intOr(b, "minMs", 0)), Duration.ofMillis(intOr(b, "maxMs", 0)));
                }
                return ok(status("set"));
            }
            case "DELETE /faults" -> {
                control.clearFaults();
                return ok(status("cleared"));
            }
            case "POST /refunds/mfa" -> {
                JsonNode b = body(r);
                if (b.has("mode")) {
                    control.mfaForRefunds(text(b, "mode"));
                } else {
                    control.mfaRequiredForRefunds(bool(b, "required"));
                }
                return ok(status("set"));
            }
            case "POST /refunds/fail-next" -> {
                control.failNextRefundOperations(intOr(body(r), "count", 1));
                return ok(status("planned"));
            }
            case "POST /cash-out" -> {
                return ok(status("transferred").put("transferred", control.cashOut()));
            }
            case "POST /notifications/form" -> {
                JsonNode b = body(r);
                control.notifyForm(b.has("organization") ? text(b, "organization") : control.defaultOrganization(),
                        text(b, "formType"), text(b, "formSlug"), text(b, "title"));
                return ok(status("sent"));
            }
            case "POST /notifications/organization-slug" -> {
                JsonNode b = body(r);
                control.notifyOrganizationSlugChanged(text(b, "oldSlug"), text(b, "newSlug"));
                return ok(status("sent"));
            }
            case "POST /notifications/hold" -> {
                control.holdNotifications(true);
                return ok(status("holding"));
            }
            case "POST /notifications/release" -> {
                JsonNode b = body(r);
                boolean newestFirst = b.has("order") && "newest-first".equals(text(b, "order"));
                return ok(status("released").put("released", control.releaseHeldNotifications(newestFirst)));
            }
            case "POST /authorizations/approve" -> {
                JsonNode b = body(r);
                String org = b.has("organization") ? text(b, "organization") : control.defaultOrganization();
                return ok(status("approved").put("redirect",
                        control.approveAuthorization(authorizeUrl(b), org).toString()));
            }
            case "POST /authorizations/refuse" -> {
                return ok(status("refused").put("redirect", control.refuseAuthorization(authorizeUrl(body(r))).toString()));
            }
            case "PUT /partners/redirect-domain" -> {
                JsonNode b = body(r);
                control.registerRedirectDomain(b.has("clientId") ? text(b, "clientId") : EmulatorConfig.DEFAULT_PARTNER_CLIENT_ID,
                        text(b, "domain"));
                return ok(status("set"));
            }
            case "GET /partners/linked-organizations" -> {
                String clientId = r.param("clientId") == null ? EmulatorConfig.DEFAULT_PARTNER_CLIENT_ID : r.param("clientId");
                ArrayNode slugs = Views.JSON.createArrayNode();
                control.linkedOrganizations(clientId).forEach(slugs::add);
                return ok(slugs);
            }
            case "POST /bank-validations/settle" -> {
                ObjectNode n = status("settled");
                n.put("settled", control.settleBankValidations());
                return ok(n);
            }
            case "POST /bank-validations/refuse" -> {
                ObjectNode n = status("refused");
                n.put("refused", control.refuseBankValidations());
                return ok(n);
            }
            case "GET /checkout-intents" -> {
                ArrayNode ids = Views.JSON.createArrayNode();
                control.checkoutIntentIds().forEach(ids::add);
                return ok(ids);
            }
            case "GET /calls" -> {
                ArrayNode calls = Views.JSON.createArrayNode();
                control.calls().forEach(c -> calls.addObject().put("at", c.at().toString()).put("operation", c.operation())
                        .put("method", c.method()).put("path", c.path()).put("status", c.status()));
                return ok(calls);
            }
            case "DELETE /calls" -> {
                control.resetCalls();
                return ok(status("cleared"));
            }
            case "GET /notifications" -> {
                ArrayNode list = Views.JSON.createArrayNode();
                control.deliveredNotifications().forEach(d -> list.addObject().put("at", d.at().toString()).put("url", d.url())
                        .put("eventType", d.eventType()).put("status", d.status()).put("attempt", d.attempt())
                        .put("signed", d.signed()).put("dropped", d.dropped()).set("body", Views.JSON.readTree(d.body())));
                return ok(list);
            }
            case "POST /notifications/settings" -> {
                JsonNode b = body(r);
                if (b.has("drop")) {
                    control.dropNotifications(bool(b, "drop"));
                }
                if (b.has("copies")) {
                    control.duplicateNotifications(intOr(b, "copies", 1));
                }
                if (b.has("reorder")) {
                    control.reorderNotifications(bool(b, "reorder"));
                }
                if (b.has("delayMs")) {
                    control.notificationDelay(Duration.ofMillis(intOr(b, "delayMs", 0)));
                }
                return ok(status("set"));
            }
            case "PUT /notifications/url" -> {
                JsonNode b = body(r);
                JsonNode key = b.get("signatureKey");
                control.setNotificationUrl(text(b, "url"), key == null || key.isNull() ? null : key.asString());
                return ok(status("set"));
            }
            case "DELETE /notifications/url" -> {
                control.setNotificationUrl(null, null);
                return ok(status("removed"));
            }
            default -> {
                // the parameterised routes below
            }
        }
        if (intent.matches()) {
            long id = Long.parseLong(intent.group(1));
            String action = intent.group(2) == null ? "" : intent.group(2);
            switch (m + " " + action) {
                case "GET " -> {
                    return ok(Views.JSON.valueToTree(control.checkoutIntent(id)));
                }
                case "POST /pay" -> {
                    return ok(status("paid").put("orderId", control.pay(id)));
                }
                case "POST /pay-with-bank-validation" -> {
                    return ok(status("waiting-bank-validation").put("orderId", control.payWithBankValidation(id)));
                }
                case "POST /refuse" -> {
                    control.refuse(id);
                    return ok(status("refused"));
                }
                default -> {
                    return error(404, "No control operation " + m + " " + r.path());
                }
            }
        }
        if (payment.matches() && m.equals("POST") && "/refund".equals(payment.group(2))) {
            JsonNode b = body(r);
            Integer amount = b.has("amount") && !b.get("amount").isNull() ? b.get("amount").asInt() : null;
            return ok(status("refunded").put("refundId", control.refundInBackOffice(Long.parseLong(payment.group(1)), amount)));
        }
        if (term.matches() && m.equals("POST")) {
            long paymentId = control.refuseInstalment(Long.parseLong(term.group(1)), Integer.parseInt(term.group(2)));
            return ok(status("will-be-refused").put("paymentId", paymentId));
        }
        if (payment.matches() && m.equals("POST") && "/contest".equals(payment.group(2))) {
            control.contest(Long.parseLong(payment.group(1)));
            return ok(status("contested"));
        }
        return error(404, "No control operation " + m + " " + r.path() + "; see GET " + PREFIX);
    }

    private ObjectNode index() {
        ObjectNode n = Views.JSON.createObjectNode();
        n.put("description", "HelloAsso emulator control API; see helloasso-emulator/README.md");
        ArrayNode ops = n.putArray("operations");
        for (String op : new String[] {"POST /reset", "GET /clock", "POST /clock/advance {duration|seconds}",
                "POST /faults {operation,times,status,afterDoing}", "POST /faults/rate-limit {operation,times,retryAfterSeconds}",
                "POST /faults/latency {fixedMs}|{minMs,maxMs}", "DELETE /faults", "POST /refunds/mfa {required}|{mode}",
                "POST /refunds/fail-next {count}", "POST /cash-out", "POST /notifications/form {formType,formSlug,title}",
                "POST /notifications/organization-slug {oldSlug,newSlug}", "POST /notifications/hold",
                "POST /notifications/release {order: oldest-first|newest-first}",
                "POST /bank-validations/settle", "POST /bank-validations/refuse", "GET /checkout-intents", "GET /checkout-intents/{id}",
                "POST /checkout-intents/{id}/pay", "POST /checkout-intents/{id}/pay-with-bank-validation",
                "POST /checkout-intents/{id}/refuse", "POST /payments/{id}/contest", "POST /orders/{id}/instalments/{n}/refuse", "POST /payments/{id}/refund {amount}", "GET /calls", "DELETE /calls",
                "GET /notifications", "POST /notifications/settings {drop,copies,reorder,delayMs}",
                "PUT /notifications/url {url,signatureKey}", "DELETE /notifications/url",
                "POST /authorizations/approve {url,organization}", "POST /authorizations/refuse {url}",
                "PUT /partners/redirect-domain {clientId,domain}", "GET /partners/linked-organizations?clientId="}) {
            ops.add(op.replaceFirst(" ", " " + PREFIX));
        }
        ArrayNode names = n.putArray("operationNames");
        Operations.ALL.forEach(names::add);
        return n;
    }

    /** The authorize URL a partner built, which must be this emulator's consent page. */
    private static java.net.URI authorizeUrl(JsonNode body) {
        java.net.URI url;
        try {
            url = new java.net.URI(text(body, "url"));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL");
        }
        if (url.getRawQuery() == null || !ConsentPage.PATH.equals(url.getPath())) {
            throw new IllegalArgumentException("url must be the authorize URL the partner built: {base}/authorize?client_id=…");
        }
        return url;
    }

    private ObjectNode clock() {
        return Views.JSON.createObjectNode().put("now", Views.date(control.now()));
    }

    private static ObjectNode status(String status) {
        return Views.JSON.createObjectNode().put("status", status);
    }

    private static Response ok(JsonNode body) {
        return Response.json(200, body);
    }

    private static Response error(int status, String message) {
        return Response.errors(new ApiException(status, "EmulatorControl", message));
    }

    private static JsonNode body(Request r) {
        if (r.body().length == 0) {
            return Views.JSON.createObjectNode();
        }
        JsonNode n = r.json();
        if (!n.isObject()) {
            throw new IllegalArgumentException("the control request body must be a JSON object");
        }
        return n;
    }

    private static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || !n.isString() || n.stringValue().isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return n.stringValue();
    }

    private static int intOr(JsonNode b, String field, int defaultValue) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be a whole number");
        }
        return n.intValue();
    }

    private static boolean bool(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || !n.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' must be true or false");
        }
        return n.booleanValue();
    }

    private static Duration duration(JsonNode b, String isoField, String secondsField) {
        JsonNode iso = b.get(isoField);
        if (iso != null && iso.isString()) {
            try {
                return Duration.parse(iso.stringValue());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("field '" + isoField + "' must be an ISO 8601 duration such as PT15M");
            }
        }
        if (b.has(secondsField)) {
            return Duration.ofSeconds(intOr(b, secondsField, 0));
        }
        throw new IllegalArgumentException("give 'duration' (ISO 8601, e.g. PT15M) or 'seconds'");
    }
}
