package org.passerelle.helloasso.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.passerelle.helloasso.emulator.EmulatorConfig.ClientAccount;
import org.passerelle.helloasso.emulator.HostedPage.Lang;
import org.passerelle.helloasso.emulator.Http.Request;
import org.passerelle.helloasso.emulator.Http.Response;

import static org.passerelle.helloasso.emulator.Http.escapeHtml;

/**
 * HelloAsso's authorization page for partners ({@code auth.helloasso.com/authorize}, api-notes §1.2): an
 * association's administrator chooses which of its organizations the partner may act for, then approves or refuses.
 * Approving redirects to {@code redirect_uri?code=…&state=…}; refusing to {@code redirect_uri?error=access_denied&state=…}
 * (RFC 6749 §4.1.2.1; HelloAsso's refusal redirect is UNCONFIRMED). A request whose client or redirect URI cannot be
 * trusted gets an error page and no redirect, as RFC 6749 §4.1.2.1 requires. Here every organization of the emulator
 * can be chosen: the emulator has no user accounts.
 */
final class ConsentPage {

    static final String PATH = "/authorize";

    private final Tokens tokens;
    private final Ledger ledger;
    private final EmulatorConfig config;

    ConsentPage(Tokens tokens, Ledger ledger, EmulatorConfig config) {
        this.tokens = tokens;
        this.ledger = ledger;
        this.config = config;
    }

    Optional<Response> handle(Request request) {
        if (!request.path().equals(PATH) && !request.path().equals(PATH + "/")) {
            return Optional.empty();
        }
        Lang lang = Lang.of(request);
        if (!request.method().equals("GET") && !request.method().equals("POST")) {
            return Optional.of(Response.html(405, page(lang, "405", "<p>" + lang.t("Méthode non autorisée.", "Method not allowed.") + "</p>")));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : new String[] {"client_id", "redirect_uri", "code_challenge", "code_challenge_method", "state"}) {
            params.put(name, request.param(name));
        }
        Map<String, String> form = request.method().equals("POST") ? request.form() : Map.of();
        if (request.method().equals("POST")) {
            params.replaceAll((name, fromQuery) -> form.getOrDefault(name, fromQuery));
        }
        ClientAccount client;
        try {
            client = tokens.partnerClient(params.get("client_id"));
            tokens.checkRedirectUri(client.clientId(), params.get("redirect_uri"));
        } catch (Tokens.OAuthError e) {
            return Optional.of(error(lang, e.error, e.getMessage()));
        }
        String redirectUri = params.get("redirect_uri");
        String challenge = params.get("code_challenge");
        String state = params.get("state");
        if (!"S256".equals(params.get("code_challenge_method"))) {
            return Optional.of(invalidRequest(redirectUri, "code_challenge_method must be S256", state));
        }
        if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.of(invalidRequest(redirectUri, "code_challenge must be the base64url S256 of the code_verifier (43 characters)", state));
        }
        if (state != null && state.length() > 500) {
            return Optional.of(invalidRequest(redirectUri, "state is limited to 500 characters", null));
        }
        if (request.method().equals("GET")) {
            return Optional.of(Response.html(200, consent(lang, client, params)));
        }
        if ("refuse".equals(form.get("decision"))) {
            return Optional.of(redirect(redirectUri, Map.of("error", "access_denied"), state));
        }
        if (!"approve".equals(form.get("decision"))) {
            return Optional.of(error(lang, "invalid_request", "decision must be approve or refuse."));
        }
        String organization = form.get("organization");
        if (organization == null || !ledger.organizationExists(organization)) {
            return Optional.of(Response.html(422, consent(lang, client, params)));
        }
        String code = tokens.approve(client.clientId(), redirectUri, challenge, organization);
        return Optional.of(redirect(redirectUri, Map.of("code", code), state));
    }

    private String consent(Lang lang, ClientAccount client, Map<String, String> params) {
        StringBuilder hidden = new StringBuilder();
        params.forEach((name, value) -> {
            if (value != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escapeHtml(value)).append("\">");
            }
        });
        StringBuilder options = new StringBuilder();
        boolean first = true;
        for (Map.Entry<String, String> org : config.organizations().entrySet()) {
            options.append("<label><input type=\"radio\" name=\"organization\" value=\"").append(escapeHtml(org.getKey()))
                    .append("\"").append(first ? " checked" : "").append("> ").append(escapeHtml(org.getValue()))
                    .append(" <span class=\"note\">(").append(escapeHtml(org.getKey())).append(")</span></label>");
            first = false;
        }
        String body = "<p id=\"request\">" + lang.t("Le partenaire ", "The partner ") + "<strong>" + escapeHtml(client.clientId())
                + "</strong>" + lang.t(" demande à agir pour votre association : créer des paiements, lire les commandes et "
                        + "paiements, rembourser, recevoir les notifications.",
                " asks to act for your organization: create payments, read orders and payments, refund, receive "
                        + "notifications.")
                + "</p><form method=\"post\" action=\"" + PATH + "\">" + hidden
                + "<fieldset><legend>" + lang.t("Association à lier", "Organization to link") + "</legend>" + options
                + "</fieldset><button id=\"approve\" name=\"decision\" value=\"approve\">" + lang.t("Autoriser", "Approve")
                + "</button> <button id=\"refuse\" name=\"decision\" value=\"refuse\" style=\"background:#777\">"
                + lang.t("Refuser", "Refuse") + "</button></form>";
        return page(lang, lang.t("Autoriser un partenaire", "Authorize a partner"), body);
    }

    private static Response error(Lang lang, String error, String description) {
        return Response.html(400, page(lang, lang.t("Demande d'autorisation invalide", "Invalid authorization request"),
                "<p id=\"message\" class=\"error\">" + escapeHtml(error) + " — " + escapeHtml(description) + "</p>"));
    }

    private static Response invalidRequest(String redirectUri, String description, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", "invalid_request");
        params.put("error_description", description);
        return redirect(redirectUri, params, state);
    }

    private static Response redirect(String redirectUri, Map<String, String> params, String state) {
        Map<String, String> all = new LinkedHashMap<>(params);
        if (state != null) {
            all.put("state", state);
        }
        return Response.redirect(Http.appendQuery(redirectUri, all));
    }

    private static String page(Lang lang, String title, String body) {
        return HostedPage.head(lang, escapeHtml(title)) + "<main><h1>" + escapeHtml(title) + "</h1>" + body + "</main>"
                + HostedPage.foot(lang);
    }
}
