package org.passerelle.helloasso.emulator;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.passerelle.helloasso.emulator.Http.Request;
import org.passerelle.helloasso.emulator.Http.Response;
import org.passerelle.helloasso.emulator.Ledger.Card;
import org.passerelle.helloasso.emulator.Ledger.Intent;
import org.passerelle.helloasso.emulator.Ledger.Order;
import org.passerelle.helloasso.emulator.Ledger.PayerData;

import static org.passerelle.helloasso.emulator.Http.escapeHtml;

/**
 * The payer's side: the hosted payment page at an intent's {@code redirectUrl} (French and English), its plain HTML
 * form posting {@code cardNumber} back to the same URL, the test cards, and the payment receipt page.
 */
final class HostedPage {

    static final String CARD_SUCCESS = "4242424242424242";
    static final String CARD_REFUSED = "4000000000000002";
    static final String CARD_TECHNICAL_ERROR = "4000000000000119";
    static final String CARD_BANK_VALIDATION = "4000000000000077";

    static final Pattern CHECKOUT_PATH = Pattern.compile("/associations/([^/]+)/checkout/([0-9a-f]{32})/?");
    static final Pattern RECEIPT_PATH = Pattern.compile("/associations/([^/]+)/checkout/paiement-attestation/(\\d{1,10})/?");

    private final Ledger ledger;
    private final Clock clock;

    HostedPage(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    Optional<Response> handle(Request request) {
        Matcher checkout = CHECKOUT_PATH.matcher(request.path());
        if (checkout.matches()) {
            return Optional.of(checkout(request, checkout.group(1), checkout.group(2)));
        }
        Matcher receipt = RECEIPT_PATH.matcher(request.path());
        if (receipt.matches() && request.method().equals("GET")) {
            return Optional.of(receipt(request, receipt.group(1), Long.parseLong(receipt.group(2))));
        }
        return Optional.empty();
    }

    // ---- checkout page ----------------------------------------------------------------------------------------

    private Response checkout(Request request, String org, String token) {
        Lang lang = Lang.of(request);
        Intent intent = ledger.intentByToken(token);
        if (intent == null || !intent.org.equals(org)) {
            return Response.html(404, message(lang, lang.t("Paiement introuvable", "Payment not found"),
                    lang.t("Ce lien de paiement n'existe pas.", "This payment link does not exist."), null));
        }
        if (intent.order != null) {
            return Response.html(200, message(lang, lang.t("Paiement déjà effectué", "Already paid"),
                    lang.t("Ce paiement a déjà été effectué.", "This payment has already been made."), intent.request.backUrl()));
        }
        if (intent.expired(clock.instant())) {
            return Response.html(410, message(lang, lang.t("Lien expiré", "Link expired"),
                    lang.t("Ce lien de paiement a expiré. Retournez sur le site de l'association pour recommencer.",
                            "This payment link has expired. Go back to the organization's site to start again."),
                    intent.request.backUrl()));
        }
        if (request.method().equals("GET")) {
            PayerData p = intent.request.payer();
            return Response.html(200, form(lang, request, intent, p == null ? null : p.firstName(), p == null ? null : p.lastName(),
                    p == null ? null : p.email(), null));
        }
        if (!request.method().equals("POST")) {
            return Response.html(405, message(lang, "405", lang.t("Méthode non autorisée.", "Method not allowed."), null));
        }
        Map<String, String> form = request.form();
        String first = form.getOrDefault("firstName", "").strip();
        String last = form.getOrDefault("lastName", "").strip();
        String email = form.getOrDefault("email", "").strip();
        String card = form.getOrDefault("cardNumber", "").replaceAll("[\\s-]", "");
        String payerProblem = payerProblem(lang, first, last, email);
        if (payerProblem != null) {
            return Response.html(422, form(lang, request, intent, first, last, email, payerProblem));
        }
        PayerData base = intent.request.payer() != null ? intent.request.payer() : PayerData.DEFAULT;
        PayerData payer = base.withIdentity(first, last, email);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("checkoutIntentId", Long.toString(intent.id));
        try {
            switch (card) {
                case CARD_SUCCESS, CARD_BANK_VALIDATION -> {
                    Order order = ledger.pay(intent.id, card.equals(CARD_SUCCESS) ? Card.SUCCESS : Card.BANK_VALIDATION, payer);
                    params.put("code", "succeeded");
                    params.put("orderId", Long.toString(order.id));
                    return Response.redirect(Http.appendQuery(intent.request.returnUrl(), params));
                }
                case CARD_REFUSED -> {
                    ledger.refuse(intent.id);
                    params.put("code", "refused");
                    return Response.redirect(Http.appendQuery(intent.request.returnUrl(), params));
                }
                case CARD_TECHNICAL_ERROR -> {
                    params.put("error", "TechnicalError");
                    return Response.redirect(Http.appendQuery(intent.request.errorUrl(), params));
                }
                default -> {
                    return Response.html(422, form(lang, request, intent, first, last, email,
                            lang.t("Carte refusée : ce numéro de carte n'est pas valide. Vérifiez-le ou utilisez une carte de test.",
                                    "Card declined: this card number is not valid. Check it or use a test card.")));
                }
            }
        } catch (IllegalStateException e) {
            // Paid or expired in the meantime (another tab, the control API): show the page again, which says so.
            return checkout(new Request(request.exchange(), "GET", request.path(), request.query(), new byte[0]), org, token);
        }
    }

    private static String payerProblem(Lang lang, String first, String last, String email) {
        if (first.isEmpty() || last.isEmpty() || email.isEmpty()) {
            return lang.t("Indiquez le prénom, le nom et l'adresse e-mail du payeur.",
                    "Enter the payer's first name, last name and e-mail address.");
        }
        if (CheckoutValidation.nameProblem(first) != null || CheckoutValidation.nameProblem(last) != null) {
            return lang.t("Le prénom et le nom doivent être de vrais noms (lettres uniquement).",
                    "The first and last names must be real names (letters only).");
        }
        if (!email.matches("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$")) {
            return lang.t("L'adresse e-mail n'est pas valide.", "The e-mail address is not valid.");
        }
        return null;
    }

    private String form(Lang lang, Request request, Intent intent, String first, String last, String email, String error) {
        String org = ledger.organizationName(intent.org);
        Ledger.CheckoutRequest r = intent.request;
        String action = escapeHtml(request.path() + "?lang=" + lang.code);
        StringBuilder terms = new StringBuilder();
        if (!r.terms().isEmpty()) {
            terms.append("<section id=\"terms\"><h2>").append(lang.t("Échéancier", "Instalments")).append("</h2><ul>");
            terms.append("<li>").append(lang.t("Aujourd'hui : ", "Today: ")).append(lang.money(r.initialAmount())).append("</li>");
            for (Ledger.Term t : r.terms()) {
                terms.append("<li>").append(lang.date(t.date())).append(" : ").append(lang.money(t.amount())).append("</li>");
            }
            terms.append("</ul></section>");
        }
        String expires = DateTimeFormatter.ofPattern("HH:mm").format(intent.expiresAt.atZone(EmulatorClock.PARIS));
        StringBuilder html = new StringBuilder();
        html.append(head(lang, lang.t("Paiement", "Payment") + " — " + escapeHtml(org)));
        html.append("<header><p class=\"brand\">HelloAsso <small id=\"emulated\">")
                .append(lang.t("page de paiement simulée", "simulated payment page")).append("</small></p>")
                .append("<nav><a id=\"lang-fr\" href=\"?lang=fr\">Français</a> · <a id=\"lang-en\" href=\"?lang=en\">English</a></nav></header>");
        html.append("<main>");
        html.append("<p><a id=\"back\" href=\"").append(escapeHtml(r.backUrl())).append("\">← ")
                .append(lang.t("Retour", "Back")).append("</a></p>");
        html.append("<h1 id=\"organization\">").append(escapeHtml(org)).append("</h1>");
        html.append("<section id=\"cart\"><p id=\"item-name\">").append(escapeHtml(r.itemName())).append("</p>");
        html.append("<p>").append(lang.t("Montant total : ", "Total amount: ")).append("<strong id=\"amount\">")
                .append(lang.money(r.totalAmount())).append("</strong></p></section>");
        html.append(terms);
        if (error != null) {
            html.append("<p id=\"card-error\" class=\"error\" role=\"alert\">").append(escapeHtml(error)).append("</p>");
        }
        html.append("<form id=\"payment-form\" method=\"post\" action=\"").append(action).append("\">");
        html.append("<fieldset><legend>").append(lang.t("Payeur", "Payer")).append("</legend>");
        field(html, "firstName", lang.t("Prénom", "First name"), first, "text", "given-name");
        field(html, "lastName", lang.t("Nom", "Last name"), last, "text", "family-name");
        field(html, "email", lang.t("Adresse e-mail", "E-mail address"), email, "email", "email");
        html.append("</fieldset><fieldset><legend>").append(lang.t("Carte bancaire", "Card")).append("</legend>");
        html.append("<label for=\"cardNumber\">").append(lang.t("Numéro de carte", "Card number")).append("</label>")
                .append("<input id=\"cardNumber\" name=\"cardNumber\" inputmode=\"numeric\" autocomplete=\"off\" required>");
        html.append("</fieldset>");
        html.append("<button id=\"pay\" type=\"submit\">").append(lang.t("Payer ", "Pay ")).append(lang.money(r.initialAmount()))
                .append("</button></form>");
        html.append("<p class=\"note\">").append(lang.t("Ce lien expire à ", "This link expires at ")).append(expires).append(".</p>");
        html.append(testCards(lang));
        html.append("</main>").append(foot(lang));
        return html.toString();
    }

    private static void field(StringBuilder html, String name, String label, String value, String type, String autocomplete) {
        html.append("<label for=\"").append(name).append("\">").append(label).append("</label>")
                .append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" type=\"").append(type)
                .append("\" autocomplete=\"").append(autocomplete).append("\" value=\"").append(escapeHtml(value)).append("\" required>");
    }

    private static String testCards(Lang lang) {
        return "<section id=\"test-cards\"><h2>" + lang.t("Cartes de test", "Test cards") + "</h2><table>"
                + "<tr><td><code>4242 4242 4242 4242</code></td><td>" + lang.t("paiement accepté", "payment authorized") + "</td></tr>"
                + "<tr><td><code>4000 0000 0000 0002</code></td><td>" + lang.t("paiement refusé", "payment refused") + "</td></tr>"
                + "<tr><td><code>4000 0000 0000 0119</code></td><td>" + lang.t("erreur technique", "technical error") + "</td></tr>"
                + "<tr><td><code>4000 0000 0000 0077</code></td><td>"
                + lang.t("validation bancaire (autorisé plus tard)", "bank validation (authorized later)") + "</td></tr>"
                + "</table><p>" + lang.t("Tout autre numéro est refusé comme invalide. Aucun paiement réel n'a lieu.",
                "Any other number is declined as invalid. No real payment takes place.") + "</p></section>";
    }

    private String message(Lang lang, String title, String text, String backUrl) {
        String back = backUrl == null ? "" : "<p><a id=\"back\" href=\"" + escapeHtml(backUrl) + "\">← " + lang.t("Retour", "Back") + "</a></p>";
        return head(lang, escapeHtml(title)) + "<main><h1>" + escapeHtml(title) + "</h1><p id=\"message\">" + escapeHtml(text)
                + "</p>" + back + "</main>" + foot(lang);
    }

    // ---- receipt ----------------------------------------------------------------------------------------------

    private Response receipt(Request request, String org, long orderId) {
        Lang lang = Lang.of(request);
        return ledger.read(() -> {
            Order order;
            try {
                order = ledger.order(orderId);
            } catch (ApiException e) {
                order = null;
            }
            if (order == null || !order.org().equals(org)) {
                return Response.html(404, message(lang, lang.t("Attestation introuvable", "Receipt not found"),
                        lang.t("Aucune commande ne correspond.", "No order matches."), null));
            }
            StringBuilder rows = new StringBuilder();
            for (Ledger.Payment p : order.payments) {
                rows.append("<tr><td>").append(p.installmentNumber).append("</td><td>").append(lang.money(p.amount))
                        .append("</td><td>").append(escapeHtml(p.state)).append("</td></tr>");
            }
            String title = lang.t("Attestation de paiement", "Payment receipt");
            return Response.html(200, head(lang, title) + "<main><h1>" + title + "</h1><p>"
                    + escapeHtml(ledger.organizationName(org)) + " — " + escapeHtml(order.intent.request.itemName()) + "</p><p>"
                    + lang.t("Commande n° ", "Order no. ") + order.id + " — " + escapeHtml(order.payer.firstName()) + " "
                    + escapeHtml(order.payer.lastName()) + "</p><table><tr><th>#</th><th>" + lang.t("Montant", "Amount")
                    + "</th><th>" + lang.t("État", "State") + "</th></tr>" + rows + "</table></main>" + foot(lang));
        });
    }

    // ---- layout and language ----------------------------------------------------------------------------------

    static String head(Lang lang, String title) {
        return "<!DOCTYPE html><html lang=\"" + lang.code + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title + "</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem;color:#222}"
                + "header{display:flex;justify-content:space-between;align-items:center}.brand{font-weight:bold;color:#49d38a}"
                + "label{display:block;margin-top:.6rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}"
                + "fieldset{border:1px solid #ddd;margin:1rem 0}button{margin-top:1rem;padding:.7rem 1.4rem;font-size:1rem;"
                + "background:#4c40cf;color:#fff;border:0;border-radius:4px}.error{color:#b00020;font-weight:bold}"
                + "table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee}.note{color:#666}"
                + "</style></head><body>";
    }

    static String foot(Lang lang) {
        return "<footer><p class=\"note\">" + lang.t("Émulateur HelloAsso : aucun paiement réel.",
                "HelloAsso emulator: no real payment.") + "</p></footer></body></html>";
    }

    /** French by default; English when asked by {@code ?lang=en} or preferred in Accept-Language. */
    record Lang(String code) {
        static Lang of(Request request) {
            String param = request.param("lang");
            if ("en".equalsIgnoreCase(param) || "fr".equalsIgnoreCase(param)) {
                return new Lang(param.toLowerCase(Locale.ROOT));
            }
            String header = request.header("Accept-Language");
            if (header != null) {
                java.util.List<Locale.LanguageRange> ranges;
                try {
                    ranges = Locale.LanguageRange.parse(header);
                } catch (IllegalArgumentException e) {
                    ranges = java.util.List.of();
                }
                for (Locale.LanguageRange range : ranges) {
                    String tag = range.getRange().toLowerCase(Locale.ROOT);
                    if (tag.startsWith("fr")) {
                        return new Lang("fr");
                    }
                    if (tag.startsWith("en")) {
                        return new Lang("en");
                    }
                }
            }
            return new Lang("fr");
        }

        String t(String fr, String en) {
            return code.equals("en") ? en : fr;
        }

        String money(int cents) {
            String euros = (cents / 100) + (code.equals("en") ? "." : ",") + String.format("%02d", cents % 100);
            return code.equals("en") ? "€" + euros : euros + "\u00a0€";
        }

        String date(java.time.LocalDate d) {
            return d.format(DateTimeFormatter.ofPattern("d MMMM yyyy", code.equals("en") ? Locale.ENGLISH : Locale.FRENCH));
        }
    }
}
