package org.passerelle.helloasso.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.passerelle.helloasso.emulator.Http.Request;
import org.passerelle.helloasso.emulator.Http.Response;
import org.passerelle.helloasso.emulator.Ledger.Intent;
import org.passerelle.helloasso.emulator.Ledger.Order;
import org.passerelle.helloasso.emulator.Ledger.PayerData;
import org.passerelle.helloasso.emulator.Ledger.Payment;
import org.passerelle.helloasso.emulator.Tokens.Grant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** HelloAsso's API: {@code POST /oauth2/token} and the {@code /v5} operations, with auth, privileges and faults. */
final class ApiRoutes {

    static final String UNAUTHORIZED_MESSAGE =
            "Unauthorized, you must add a valid JWT into Authorization Header with the format : `Bearer TOKEN`";
    static final String FORBIDDEN_MESSAGE = "The JWT token hasn't the privileges or Roles for this action";

    /**
     * A matched API operation: its name, the privilege it needs (null: any valid token), whose resource it touches,
     * and its handler, which receives the caller's grant (null for the token call).
     */
    record Match(String operation, String privilege, Scope scope, Matcher path, BiFunction<Request, Grant, Response> handler) {
    }

    /**
     * Which organization a call reaches, for partner tokens: {@link #PUBLIC} and {@link #PARTNER} calls are open to
     * any valid token; the others only to a token allowed on the organization (api-notes §1.5; a partner's
     * {@code client_credentials} token "does not grant any User Roles on organization resources", P2).
     */
    enum Scope { PUBLIC, PARTNER, ORGANIZATION_IN_PATH, ORDER_IN_PATH, PAYMENT_IN_PATH }

    private interface Handler {
        Response handle(Request request, Matcher path, Grant grant);
    }

    private interface SimpleHandler {
        Response handle(Request request, Matcher path);
    }

    private record Route(String method, Pattern path, String operation, String privilege, Scope scope, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Tokens tokens;
    private final Ledger ledger;
    private final Views views;
    private final Notifier notifier;
    private final EmulatorConfig config;
    private final String baseUrl;
    private final java.time.Clock clock;

    ApiRoutes(Tokens tokens, Ledger ledger, Views views, Notifier notifier, EmulatorConfig config, String baseUrl,
              java.time.Clock clock) {
        this.tokens = tokens;
        this.ledger = ledger;
        this.views = views;
        this.notifier = notifier;
        this.config = config;
        this.baseUrl = baseUrl;
        this.clock = clock;
        String slug = "([^/]+)";
        String id = "(\\d{1,10})";
        route("POST", "/oauth2/token", Operations.TOKEN, null, Scope.PUBLIC, (r, m) -> token(r));
        route("GET", "/v5/organizations/" + slug, Operations.ORGANIZATIONS_GET, "AccessPublicData", Scope.PUBLIC,
                (r, m) -> json(views.organization(requireOrganization(m.group(1)))));
        route("POST", "/v5/organizations/" + slug + "/checkout-intents", Operations.CHECKOUT_CREATE, "Checkout",
                Scope.ORGANIZATION_IN_PATH, this::createCheckout);
        route("GET", "/v5/organizations/" + slug + "/checkout-intents/" + id, Operations.CHECKOUT_GET, "Checkout",
                Scope.ORGANIZATION_IN_PATH, this::getCheckout);
        route("GET", "/v5/orders/" + id, Operations.ORDERS_GET, "AccessTransactions", Scope.ORDER_IN_PATH,
                (r, m) -> json(ledger.read(() -> views.order(ledger.order(longArg(m, 1))))));
        route("GET", "/v5/organizations/" + slug + "/orders", Operations.ORDERS_LIST, "AccessTransactions",
                Scope.ORGANIZATION_IN_PATH, (r, m) -> listOrders(r, m.group(1), true));
        route("GET", "/v5/organizations/" + slug + "/forms/([^/]+)/([^/]+)/orders", Operations.ORDERS_LIST, "AccessTransactions",
                Scope.ORGANIZATION_IN_PATH, (r, m) -> listOrders(r, m.group(1), isCheckoutForm(m.group(2), m.group(3))));
        route("POST", "/v5/orders/" + id + "/cancel", Operations.ORDERS_CANCEL, "RefundManagement", Scope.ORDER_IN_PATH, (r, m) -> {
            ledger.cancelOrder(longArg(m, 1));
            return Response.empty(200);
        });
        route("GET", "/v5/payments/" + id, Operations.PAYMENTS_GET, "AccessTransactions", Scope.PAYMENT_IN_PATH,
                (r, m) -> json(ledger.read(() -> views.payment(ledger.payment(longArg(m, 1)), false,
                        boolParam(r, "withFailedRefundOperation", false)))));
        route("GET", "/v5/organizations/" + slug + "/payments", Operations.PAYMENTS_LIST, "AccessTransactions",
                Scope.ORGANIZATION_IN_PATH, (r, m) -> listPayments(r, m.group(1), true));
        route("GET", "/v5/organizations/" + slug + "/forms/([^/]+)/([^/]+)/payments", Operations.PAYMENTS_LIST, "AccessTransactions",
                Scope.ORGANIZATION_IN_PATH, (r, m) -> listPayments(r, m.group(1), isCheckoutForm(m.group(2), m.group(3))));
        route("POST", "/v5/payments/" + id + "/refund", Operations.PAYMENTS_REFUND, "RefundManagement", Scope.PAYMENT_IN_PATH,
                this::refund);
        route("PUT", "/v5/partners/me/api-notifications", Operations.NOTIFICATION_URLS_SET, null, Scope.PARTNER,
                (r, m) -> setNotificationUrl(r, null));
        // The per-organization URL needs the role OrganizationAdmin on it, which a partner gets through the
        // authorization flow (the spec's description of these two operations).
        route("PUT", "/v5/partners/me/api-notifications/organizations/" + slug, Operations.NOTIFICATION_URLS_SET, null,
                Scope.ORGANIZATION_IN_PATH, (r, m) -> setNotificationUrl(r, requireOrganization(m.group(1))));
        route("DELETE", "/v5/partners/me/api-notifications", Operations.NOTIFICATION_URLS_DELETE, null, Scope.PARTNER,
                (r, m) -> deleteNotificationUrl(r, null));
        route("DELETE", "/v5/partners/me/api-notifications/organizations/" + slug, Operations.NOTIFICATION_URLS_DELETE, null,
                Scope.ORGANIZATION_IN_PATH, (r, m) -> deleteNotificationUrl(r, requireOrganization(m.group(1))));
        route("GET", "/v5/partners/me", Operations.PARTNERS_ME, null, Scope.PARTNER, (r, m, g) -> partnersMe(g));
        route("GET", "/v5/partners/me/organizations", Operations.PARTNERS_ORGANIZATIONS, "AccessPublicData", Scope.PARTNER,
                (r, m, g) -> partnerOrganizations(r, g));
        route("PUT", "/v5/partners/me/api-clients", Operations.PARTNERS_API_CLIENT_DOMAIN, "AccessPublicData", Scope.PARTNER,
                (r, m, g) -> setDomain(r, g));
    }

    private void route(String method, String path, String operation, String privilege, Scope scope, SimpleHandler handler) {
        route(method, path, operation, privilege, scope, (r, m, g) -> handler.handle(r, m));
    }

    private void route(String method, String path, String operation, String privilege, Scope scope, Handler handler) {
        routes.add(new Route(method, Pattern.compile(path), operation, privilege, scope, handler));
    }

    /** The operation for a request; empty when the path is not an API path at all (404), 405 is a match too. */
    Optional<Match> match(Request request) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.path().matcher(request.path());
            if (m.matches()) {
                pathKnown = true;
                if (route.method().equals(request.method())) {
                    return Optional.of(new Match(route.operation(), route.privilege(), route.scope(), m,
                            (r, g) -> route.handler().handle(r, m, g)));
                }
            }
        }
        if (pathKnown) {
            return Optional.of(new Match(null, null, Scope.PUBLIC, null, (r, g) -> Response.errors(
                    new ApiException(405, "MethodNotAllowed", r.method() + " is not allowed on " + r.path()))));
        }
        return Optional.empty();
    }

    /** The caller's grant, or the error answer when it may not make this call (401 no valid token, 403 not allowed). */
    record Authorization(Grant grant, Response refusal) {
    }

    /** Checks the bearer token, the privilege and the organization the call reaches. */
    Authorization authorize(Request request, Match match) {
        if (Operations.TOKEN.equals(match.operation()) || match.operation() == null) {
            return new Authorization(null, null);
        }
        String header = request.header("Authorization");
        Optional<Grant> grant = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            grant = tokens.check(header.substring(7).strip());
        }
        if (grant.isEmpty()) {
            return new Authorization(null, Response.errors(new ApiException(401, "Unauthorized", UNAUTHORIZED_MESSAGE))
                    .withHeader("WWW-Authenticate", "Bearer"));
        }
        if (match.privilege() != null && !grant.get().privileges().contains(match.privilege())) {
            return new Authorization(null, Response.errors(new ApiException(403, "Forbidden", FORBIDDEN_MESSAGE)));
        }
        String organization = organizationReached(match);
        if (organization != null && !grant.get().mayAccessOrganization(organization)) {
            // Another organization's resource: HelloAsso's "hasn't the privileges or Roles" (403). Whether it
            // answers 403 or 404 there is UNCONFIRMED; 403 follows the spec's description of missing roles.
            return new Authorization(null, Response.errors(new ApiException(403, "Forbidden", FORBIDDEN_MESSAGE)));
        }
        return new Authorization(grant.get(), null);
    }

    /** The organization whose resource the call reaches; null when none, or when the resource does not exist (404 follows). */
    private String organizationReached(Match match) {
        return switch (match.scope()) {
            case PUBLIC, PARTNER -> null;
            case ORGANIZATION_IN_PATH -> java.net.URLDecoder.decode(match.path().group(1), StandardCharsets.UTF_8);
            case ORDER_IN_PATH -> ledger.read(() -> {
                try {
                    return ledger.order(longArg(match.path(), 1)).org();
                } catch (ApiException notFound) {
                    return null;
                }
            });
            case PAYMENT_IN_PATH -> ledger.read(() -> {
                try {
                    return ledger.payment(longArg(match.path(), 1)).order.org();
                } catch (ApiException notFound) {
                    return null;
                }
            });
        };
    }

    // ---- OAuth2 -----------------------------------------------------------------------------------------------

    private Response token(Request r) {
        String type = r.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return oauthError("invalid_request", "The token request must be application/x-www-form-urlencoded.");
        }
        Map<String, String> form = r.form();
        String clientId = form.get("client_id");
        String clientSecret = form.get("client_secret");
        String basic = r.header("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(basic.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    clientId = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                    clientSecret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                return oauthError("invalid_request", "The Basic Authorization header is malformed.");
            }
        }
        String grantType = form.get("grant_type");
        try {
            Tokens.Issued issued;
            if ("client_credentials".equals(grantType)) {
                issued = tokens.clientCredentials(clientId, clientSecret);
            } else if ("refresh_token".equals(grantType)) {
                issued = tokens.refresh(clientId, form.get("refresh_token"));
            } else if ("authorization_code".equals(grantType)) {
                issued = tokens.authorizationCode(clientId, clientSecret, form.get("code"), form.get("redirect_uri"),
                        form.get("code_verifier"));
            } else {
                return oauthError("unsupported_grant_type", "grant_type must be client_credentials, refresh_token or "
                        + "authorization_code" + (grantType == null ? " (it is missing)." : "."));
            }
            ObjectNode body = Views.JSON.createObjectNode();
            body.put("access_token", issued.accessToken());
            body.put("refresh_token", issued.refreshToken());
            body.put("token_type", "bearer");
            body.put("expires_in", issued.expiresIn());
            if (issued.organizationSlug() != null) {
                body.put("organization_slug", issued.organizationSlug());
            }
            return Response.json(200, body);
        } catch (Tokens.OAuthError e) {
            return oauthError(e.error, e.getMessage());
        }
    }

    private static Response oauthError(String error, String description) {
        ObjectNode body = Views.JSON.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        return Response.json(400, body);
    }

    // ---- checkout intents -------------------------------------------------------------------------------------

    private Response createCheckout(Request r, Matcher m) {
        String org = requireOrganization(m.group(1));
        Ledger.CheckoutRequest request = CheckoutValidation.validate(jsonBody(r), clock);
        Intent intent = ledger.createIntent(org, request);
        return json(ledger.read(() -> views.initCheckoutResponse(intent)));
    }

    private Response getCheckout(Request r, Matcher m) {
        String org = requireOrganization(m.group(1));
        long id = longArg(m, 2);
        boolean withFailed = boolParam(r, "withFailedRefundOperation", false);
        return json(ledger.read(() -> {
            Intent intent = ledger.intent(id);
            if (!intent.org.equals(org)) {
                throw ApiException.notFound("Checkout intent " + id + " not found in organization " + org);
            }
            return views.checkoutIntent(intent, withFailed);
        }));
    }

    // ---- lists ------------------------------------------------------------------------------------------------

    private Response listOrders(Request r, String slug, boolean checkoutForm) {
        String org = requireOrganization(slug);
        Instant from = instantParam(r, "from");
        Instant to = instantParam(r, "to");
        List<String> formTypes = enumParams(r, "formTypes", Ledger.FORM_TYPES);
        boolean desc = descending(r);
        String search = r.param("userSearchKey");
        Predicate<Order> filter = o -> checkoutForm
                && (formTypes.isEmpty() || formTypes.contains("Checkout"))
                && (from == null || !o.date.isBefore(from))
                && (to == null || o.date.isBefore(to))
                && matchesSearch(o.payer, search);
        Comparator<Order> byDate = Comparator.comparing((Order o) -> o.date).thenComparingLong(o -> o.id);
        return json(ledger.read(() -> page(r, ledger.orders(org, filter, desc ? byDate.reversed() : byDate), views::order)));
    }

    private Response listPayments(Request r, String slug, boolean checkoutForm) {
        String org = requireOrganization(slug);
        Instant from = instantParam(r, "from");
        Instant to = instantParam(r, "to");
        List<String> states = enumParams(r, "states", Ledger.PAYMENT_STATES);
        boolean desc = descending(r);
        String sortField = r.param("sortField") == null ? "Date" : r.param("sortField");
        Function<Payment, Instant> key = switch (sortField) {
            case "Date" -> p -> p.date;
            case "UpdateDate" -> p -> p.updatedAt;
            case "CreationDate" -> p -> p.createdAt;
            default -> throw ApiException.badRequest("sortField", "sortField must be Date, UpdateDate or CreationDate.");
        };
        String search = r.param("userSearchKey");
        Predicate<Payment> filter = p -> checkoutForm
                && (states.isEmpty() || states.contains(p.state))
                && (from == null || !p.date.isBefore(from))
                && (to == null || p.date.isBefore(to))
                && matchesSearch(p.order.payer, search);
        Comparator<Payment> order = Comparator.comparing(key).thenComparingLong(p -> p.id);
        String accept = r.header("Accept") == null ? "" : r.header("Accept").toLowerCase(Locale.ROOT);
        if (accept.contains(Exports.CSV) || accept.contains(Exports.XLSX)) {
            // The spec offers the payment lists as text/csv and as an Excel sheet, chosen with Accept.
            boolean csv = accept.contains(Exports.CSV);
            return ledger.read(() -> {
                List<Payment> all = ledger.payments(org, filter, desc ? order.reversed() : order);
                List<Payment> onPage = pageSlice(r, all);
                return csv ? Exports.csv(onPage, ledger) : Exports.xlsx(onPage, ledger);
            });
        }
        return json(ledger.read(() -> page(r, ledger.payments(org, filter, desc ? order.reversed() : order),
                p -> views.payment(p, false))));
    }

    private static boolean isCheckoutForm(String formType, String formSlug) {
        return formType.equalsIgnoreCase("Checkout") && formSlug.equals("default");
    }

    private static boolean matchesSearch(PayerData payer, String search) {
        if (search == null || search.isBlank()) {
            return true;
        }
        String s = search.toLowerCase(Locale.ROOT);
        for (String field : new String[] {payer.firstName(), payer.lastName(), payer.email()}) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * HelloAsso's pagination: 1-based pageIndex, pageSize, and a continuationToken that gives the next page. Asking
     * for a page past the last one answers HTTP 500, as the real API does.
     */
    private static <T> ObjectNode page(Request r, List<T> all, Function<T, ObjectNode> render) {
        int pageSize = intParam(r, "pageSize", 20);
        int pageIndex = pageIndex(r, all.size(), pageSize);
        int totalCount = all.size();
        int totalPages = (totalCount + pageSize - 1) / pageSize;
        ObjectNode body = Views.JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        all.stream().skip((long) (pageIndex - 1) * pageSize).limit(pageSize).forEach(t -> data.add(render.apply(t)));
        body.putObject("pagination")
                .put("pageSize", pageSize)
                .put("totalCount", totalCount)
                .put("pageIndex", pageIndex)
                .put("totalPages", totalPages)
                .put("continuationToken", encodeContinuation(pageIndex + 1));
        return body;
    }

    /** The elements of the page asked for, with the same rules as {@link #page}. */
    private static <T> List<T> pageSlice(Request r, List<T> all) {
        int pageSize = intParam(r, "pageSize", 20);
        int pageIndex = pageIndex(r, all.size(), pageSize);
        return all.stream().skip((long) (pageIndex - 1) * pageSize).limit(pageSize).toList();
    }

    private static int pageIndex(Request r, int totalCount, int pageSize) {
        if (pageSize < 1 || pageSize > 100) {
            throw ApiException.badRequest("pageSize", "pageSize must be between 1 and 100.");
        }
        int pageIndex;
        String token = r.param("continuationToken");
        if (token != null && !token.isBlank()) {
            pageIndex = decodeContinuation(token);
        } else {
            pageIndex = intParam(r, "pageIndex", 1);
        }
        if (pageIndex < 1) {
            throw ApiException.badRequest("pageIndex", "pageIndex starts at 1.");
        }
        int totalPages = (totalCount + pageSize - 1) / pageSize;
        if (pageIndex > Math.max(totalPages, 1)) {
            throw new ApiException(500, "InternalServerError", "An error occurred: there is no page " + pageIndex + ".");
        }
        return pageIndex;
    }

    private static String encodeContinuation(int nextPage) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("page:" + nextPage).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeContinuation(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("page:")) {
                return Integer.parseInt(s.substring(5));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("continuationToken", "The continuationToken is not valid.");
    }

    // ---- refunds ----------------------------------------------------------------------------------------------

    private Response refund(Request r, Matcher m) {
        long paymentId = longArg(m, 1);
        Integer amount = r.param("amount") == null ? null : intParam(r, "amount", 0);
        boolean cancelOrder = boolParam(r, "cancelOrder", false);
        boolean sendMail = boolParam(r, "sendRefundMail", true);
        Map<String, String> headers = new java.util.HashMap<>();
        for (Ledger.Mfa mfa : Ledger.Mfa.values()) {
            if (mfa.header != null && r.header(mfa.header) != null) {
                headers.put(mfa.header, r.header(mfa.header));
            }
        }
        Ledger.Refund refund = ledger.refund(paymentId, amount, r.param("comment"), cancelOrder, sendMail,
                new Ledger.MfaProof(headers, r.cookies()));
        return json(ledger.read(() -> views.refundOperation(refund)));
    }

    // ---- notification URLs (partner API) ----------------------------------------------------------------------

    private Response setNotificationUrl(Request r, String org) {
        JsonNode body = jsonBody(r);
        if (!body.isObject()) {
            throw ApiException.badRequest("InvalidBody", "The request body must be a JSON object (PostApiUrlNotificationBody).");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("url") && !name.equals("notificationType")) {
                throw ApiException.badRequest(name, "The property " + name
                        + " is not allowed (PostApiUrlNotificationBody accepts [url, notificationType]).");
            }
        }
        JsonNode url = body.get("url");
        if (url == null || !url.isString() || url.stringValue().isBlank()) {
            throw ApiException.badRequest("url", "The field url is required.");
        }
        try {
            java.net.URI uri = new java.net.URI(url.stringValue());
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw ApiException.badRequest("url", "The field url must be an absolute http(s) URL.");
            }
        } catch (java.net.URISyntaxException e) {
            throw ApiException.badRequest("url", "The field url is not a valid URL.");
        }
        JsonNode typeNode = body.get("notificationType");
        String type = typeNode == null || typeNode.isNull() ? null : typeNode.asString();
        if (type != null && !Notifier.TYPES.contains(type)) {
            throw ApiException.badRequest("notificationType", "notificationType must be one of " + Notifier.TYPES + ".");
        }
        return Response.json(200, notificationUrl(notifier.register(org, url.stringValue(), type)));
    }

    private Response deleteNotificationUrl(Request r, String org) {
        String type = r.param("notificationType");
        if (type != null && !Notifier.TYPES.contains(type)) {
            throw ApiException.badRequest("notificationType", "notificationType must be one of " + Notifier.TYPES + ".");
        }
        notifier.delete(org, type);
        return Response.empty(200);
    }

    private static ObjectNode notificationUrl(Notifier.Registration registration) {
        ObjectNode n = Views.JSON.createObjectNode();
        n.put("url", registration.url());
        if (registration.type() != null) {
            n.put("apiNotificationType", registration.type());
        }
        if (registration.signatureKey() != null) {
            n.put("signatureKey", registration.signatureKey());
        }
        return n;
    }

    private Response partnersMe(Grant grant) {
        EmulatorConfig.ClientAccount caller = config.clients().stream()
                .filter(c -> c.clientId().equals(grant.clientId())).findFirst().orElse(config.defaultClient());
        ObjectNode n = Views.JSON.createObjectNode();
        n.put("name", "helloasso-emulator");
        n.put("displayName", "HelloAsso emulator");
        n.put("description", "A local HelloAsso for development and tests");
        n.put("url", baseUrl);
        ObjectNode client = n.putObject("apiClient");
        client.put("id", caller.clientId());
        client.put("partnerName", "helloasso-emulator");
        ArrayNode privileges = client.putArray("privileges");
        caller.privileges().stream().sorted().forEach(privileges::add);
        if (tokens.domain(caller.clientId()) != null) {
            client.put("domain", tokens.domain(caller.clientId()));
        }
        ArrayNode urls = n.putArray("urlNotificationList");
        notifier.registrations().stream().filter(reg -> reg.organization() == null)
                .forEach(reg -> urls.add(notificationUrl(reg)));
        List<Tokens.Link> links = tokens.links(caller.clientId());
        n.putObject("partnerStatistics")
                .put("linkedOrganizationsCount", links.size())
                .put("availableOrganizationsAccessTokenCount",
                        links.stream().filter(l -> tokens.hasValidToken(l.clientId(), l.organization())).count());
        return Response.json(200, n);
    }

    /**
     * {@code GET /v5/partners/me/organizations}: the organizations linked to the calling partner client, oldest link
     * first; an uncounted list (every total is -1, the spec says so) paged by {@code continuationToken}.
     */
    private Response partnerOrganizations(Request r, Grant grant) {
        int pageSize = intParam(r, "pageSize", 20);
        if (pageSize < 1 || pageSize > 100) {
            throw ApiException.badRequest("pageSize", "pageSize must be between 1 and 100.");
        }
        String token = r.param("continuationToken");
        int pageIndex = token == null || token.isBlank() ? 1 : decodeContinuation(token);
        List<Tokens.Link> links = tokens.links(grant.clientId());
        ObjectNode body = Views.JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        links.stream().skip((long) (pageIndex - 1) * pageSize).limit(pageSize).forEach(link -> {
            ObjectNode element = data.addObject();
            element.set("organization", views.organization(link.organization()));
            element.put("availableAccessToken", tokens.hasValidToken(link.clientId(), link.organization()));
        });
        body.putObject("pagination")
                .put("pageSize", pageSize)
                .put("totalCount", -1)
                .put("pageIndex", -1)
                .put("totalPages", -1)
                .put("continuationToken", encodeContinuation(pageIndex + 1));
        return Response.json(200, body);
    }

    /** {@code PUT /v5/partners/me/api-clients {"domain"}}: where the authorization flow may redirect. 200, no body. */
    private Response setDomain(Request r, Grant grant) {
        JsonNode body = jsonBody(r);
        if (!body.isObject()) {
            throw ApiException.badRequest("InvalidBody", "The request body must be a JSON object (PublicPutApiClientRequest).");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("domain")) {
                throw ApiException.badRequest(name, "The property " + name
                        + " is not allowed (PublicPutApiClientRequest accepts [domain]).");
            }
        }
        JsonNode domain = body.get("domain");
        if (domain == null || !domain.isString() || domain.stringValue().isBlank()) {
            throw ApiException.badRequest("domain", "The field domain is required.");
        }
        tokens.registerDomain(grant.clientId(), domain.stringValue().strip());
        return Response.empty(200);
    }

    // ---- parameters -------------------------------------------------------------------------------------------

    private String requireOrganization(String slug) {
        if (!ledger.organizationExists(slug)) {
            throw ApiException.notFound("Organization '" + slug + "' not found");
        }
        return slug;
    }

    private static Response json(JsonNode node) {
        return Response.json(200, node);
    }

    private static long longArg(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }

    private static int intParam(Request r, String name, int defaultValue) {
        String v = r.param(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a whole number, got '" + v + "'.");
        }
    }

    private static boolean boolParam(Request r, String name, boolean defaultValue) {
        String v = r.param(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw ApiException.badRequest(name, name + " must be true or false, got '" + v + "'.");
    }

    private static boolean descending(Request r) {
        String v = r.param("sortOrder");
        if (v == null || v.equals("Desc")) {
            return true;
        }
        if (v.equals("Asc")) {
            return false;
        }
        throw ApiException.badRequest("sortOrder", "sortOrder must be Asc or Desc.");
    }

    private static List<String> enumParams(Request r, String name, java.util.Set<String> allowed) {
        List<String> values = r.params(name);
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw ApiException.badRequest(name, "'" + v + "' is not a valid value for " + name + ".");
            }
        }
        return values;
    }

    /** A {@code date-time} query parameter as the spec says: RFC 3339 with an offset; a bare date is refused. */
    private static Instant instantParam(Request r, String name) {
        String v = r.param(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, "The value '" + v + "' is not valid for " + name
                    + ": a date-time with an offset is expected (e.g. 2026-01-01T00:00:00+01:00).");
        }
    }

    /**
     * The JSON body of a POST or PUT, which HelloAsso takes as {@code application/json}, {@code text/json} or
     * {@code application/*+json} (the spec's request content types); anything else is refused with 415, as the
     * ASP.NET Core server behind HelloAsso's API does.
     */
    private static JsonNode jsonBody(Request r) {
        String type = r.header("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json") || mediaType.equals("text/json")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json");
        if (!json) {
            throw new ApiException(415, "UnsupportedMediaType", "The request body must be JSON (Content-Type "
                    + "application/json, text/json or application/*+json), got " + (type == null ? "none" : "'" + type + "'") + ".");
        }
        return r.json();
    }
}
