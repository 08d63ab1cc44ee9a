package org.passerelle.helloasso.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.passerelle.helloasso.emulator.Ledger.Card;
import org.passerelle.helloasso.emulator.Ledger.Intent;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives an emulator from a test or a demo: fault injection, the clock, payments without a browser, notification
 * faults and introspection. The same operations exist over HTTP under {@code /_emulator/}. Thread-safe.
 *
 * <p>Operation names (faults, call records): {@code token}, {@code checkoutIntents.create},
 * {@code checkoutIntents.get}, {@code orders.get}, {@code orders.list}, {@code orders.cancel}, {@code payments.get},
 * {@code payments.list}, {@code payments.refund}, {@code notificationUrls.set}, {@code notificationUrls.delete},
 * {@code partners.me}, {@code partners.organizations}, {@code partners.setRedirectDomain}; {@code *} matches all of
 * them in {@link #failNext}.
 */
public final class EmulatorControl {

    private final HelloAssoEmulator emulator;

    EmulatorControl(HelloAssoEmulator emulator) {
        this.emulator = emulator;
    }

    // ---- partner mode ---------------------------------------------------------------------------------------------

    /**
     * What an association's administrator does on the consent page: opens {@code authorizeUrl} (as built by the
     * partner) and approves linking {@code organizationSlug}. Returns where HelloAsso redirects the browser:
     * {@code redirect_uri?code=…&state=…}, or an error redirect when the request is wrong.
     *
     * @throws IllegalStateException when the page refuses to redirect at all (unknown client, unregistered domain)
     */
    public java.net.URI approveAuthorization(java.net.URI authorizeUrl, String organizationSlug) {
        return decideAuthorization(authorizeUrl, "approve", organizationSlug);
    }

    /** The administrator refuses: the redirect carries {@code error=access_denied}. */
    public java.net.URI refuseAuthorization(java.net.URI authorizeUrl) {
        return decideAuthorization(authorizeUrl, "refuse", null);
    }

    /** The organizations linked to a partner client through the consent page, oldest first. */
    public List<String> linkedOrganizations(String partnerClientId) {
        return emulator.tokens.links(partnerClientId).stream().map(link -> link.organization()).toList();
    }

    /** Registers the partner's redirect domain, as {@code PUT /v5/partners/me/api-clients} does. */
    public EmulatorControl registerRedirectDomain(String partnerClientId, String domain) {
        emulator.tokens.registerDomain(partnerClientId, domain);
        return this;
    }

    private java.net.URI decideAuthorization(java.net.URI authorizeUrl, String decision, String organization) {
        String query = authorizeUrl.getRawQuery() == null ? "" : authorizeUrl.getRawQuery();
        String form = query + (query.isEmpty() ? "" : "&") + "decision=" + decision
                + (organization == null ? "" : "&organization=" + Http.encode(organization));
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(emulator.authorizeUrl())
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return answer.headers().firstValue("Location").map(java.net.URI::create).orElseThrow(() ->
                    new IllegalStateException("The consent page answered " + answer.statusCode() + " without a redirect: "
                            + answer.body().replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- faults -----------------------------------------------------------------------------------------------

    /** The next {@code times} calls of {@code operation} answer {@code status} (400–599) without doing anything. */
    public EmulatorControl failNext(String operation, int times, int status) {
        emulator.faults.failNext(operation, times, status, null);
        return this;
    }

    /**
     * The next {@code times} calls of {@code operation} are carried out, but their answer is lost: the caller gets
     * {@code status} (e.g. 504, as from a proxy that timed out) although the refund or cancellation was made.
     */
    public EmulatorControl loseAnswerOfNext(String operation, int times, int status) {
        emulator.faults.failNext(operation, times, status, null, true);
        return this;
    }

    /** The next {@code times} calls of {@code operation} answer 429 with {@code Retry-After} in whole seconds. */
    public EmulatorControl rateLimitNext(String operation, int times, Duration retryAfter) {
        emulator.faults.failNext(operation, times, 429, retryAfter);
        return this;
    }

    /** Adds this latency to every API and token call. */
    public EmulatorControl latency(Duration fixed) {
        emulator.faults.latency(fixed, fixed);
        return this;
    }

    /** Adds a random latency between {@code min} and {@code max} to every API and token call. */
    public EmulatorControl latency(Duration min, Duration max) {
        emulator.faults.latency(min, max);
        return this;
    }

    /** Removes planned failures and latency. */
    public EmulatorControl clearFaults() {
        emulator.faults.clear();
        return this;
    }

    /** When on, refunds answer 409 {@code AuthorizationErrors.MFA.AccessTokenRequired} unless the request carries a
     * non-blank {@code x-mfa-access-authorization} header or {@code mfa-refund-{organizationId}} cookie. */
    public EmulatorControl mfaRequiredForRefunds(boolean required) {
        emulator.ledger.mfaForRefunds(required ? Ledger.Mfa.ACCESS_TOKEN : Ledger.Mfa.NONE);
        return this;
    }

    /**
     * What HelloAsso asks before an API refund: {@code "None"}, {@code "AccessToken"} (header
     * {@code x-mfa-access-authorization} or cookie {@code mfa-refund-{organizationId}}), {@code "OtpSms"}
     * ({@code x-mfa-sms-access-authorization} or cookie {@code …-otp-sms}), {@code "Password"}
     * ({@code x-mfa-password-authorization} or cookie {@code …-pwd}) or {@code "NotEnrolled"} (409
     * {@code AuthorizationErrors.UserNotEnrolled} whatever is sent). Any non-blank token is accepted.
     */
    public EmulatorControl mfaForRefunds(String mode) {
        emulator.ledger.mfaForRefunds(switch (mode) {
            case "None" -> Ledger.Mfa.NONE;
            case "AccessToken" -> Ledger.Mfa.ACCESS_TOKEN;
            case "OtpSms" -> Ledger.Mfa.OTP_SMS;
            case "Password" -> Ledger.Mfa.PASSWORD;
            case "NotEnrolled" -> Ledger.Mfa.NOT_ENROLLED;
            default -> throw new IllegalArgumentException("MFA mode must be None, AccessToken, OtpSms, Password or NotEnrolled");
        });
        return this;
    }

    String defaultOrganization() {
        return emulator.organizationSlug();
    }

    /** HelloAsso's numeric id of an organization (as in MFA cookie names). */
    public long organizationId(String slug) {
        if (!emulator.ledger.organizationExists(slug)) {
            throw new IllegalArgumentException("no organization " + slug);
        }
        return emulator.ledger.organizationId(slug);
    }

    /**
     * The next {@code count} refunds are accepted (200, operation Processing, payment Refunding) but fail when they
     * settle: the operation ends in Error, nothing is refunded, the payment is Authorized again, and the operation
     * is shown only with {@code withFailedRefundOperation=true}.
     */
    public EmulatorControl failNextRefundOperations(int count) {
        emulator.ledger.failNextRefundOperations(count);
        return this;
    }

    // ---- clock ------------------------------------------------------------------------------------------------

    /** Moves the emulator's time forward: tokens and intents expire, instalments fall due, bank validations and
     * refunds settle, with their notifications. */
    public Instant advanceClock(Duration by) {
        emulator.advanceClock(by);
        return now();
    }

    public Instant now() {
        return emulator.clock.instant();
    }

    /**
     * Puts the clock back on its base clock (the offset {@link #advanceClock} built up, cleared) and keeps everything
     * else: for a test suite whose classes share one emulator, so that a class that moved HelloAsso a day ahead does not
     * leave the next class's payments dated tomorrow. What was dated meanwhile keeps its dates.
     */
    public EmulatorControl resetClock() {
        emulator.clock.resetOffset();
        return this;
    }

    // ---- payments without a browser ---------------------------------------------------------------------------

    /** Pays an intent with the success card (4242…): the first payment is Authorized. Returns the order id. */
    public long pay(long checkoutIntentId) {
        return emulator.ledger.pay(checkoutIntentId, Card.SUCCESS, null).id;
    }

    /** Pays with the bank-validation card (…0077): WaitingBankValidation, Authorized later. Returns the order id. */
    public long payWithBankValidation(long checkoutIntentId) {
        return emulator.ledger.pay(checkoutIntentId, Card.BANK_VALIDATION, null).id;
    }

    /** A refused card attempt on an intent (…0002): nothing is paid, the intent stays payable. */
    public void refuse(long checkoutIntentId) {
        emulator.ledger.refuse(checkoutIntentId);
    }

    /** The payer contests an Authorized payment: it becomes Contested. */
    public void contest(long paymentId) {
        emulator.ledger.contest(paymentId);
    }

    /**
     * An administrator refunds a payment in HelloAsso's back office (no MFA question there): {@code cents} of it, or
     * what is left when null. It follows the API's rules and notifications. Returns the refund operation id.
     */
    public long refundInBackOffice(long paymentId, Integer cents) {
        return emulator.ledger.refund(paymentId, cents, "back office", false, true, Ledger.MfaProof.BACK_OFFICE).id;
    }

    /**
     * The payer's bank will refuse term {@code installmentNumber} (2 or later, still Pending) of an order: when the
     * clock reaches its date it becomes Refused instead of Authorized, with its notification. Returns its payment id.
     */
    public long refuseInstalment(long orderId, int installmentNumber) {
        return emulator.ledger.refuseInstalmentWhenDue(orderId, installmentNumber);
    }

    /**
     * Pays the association out now: every Authorized payment still {@code MoneyIn} becomes {@code Transfered} with a
     * {@code cashOutDate} and {@code idCashOut} (this also happens by itself {@code cashOutDelay} after a payment).
     * Returns how many.
     */
    public int cashOut() {
        return emulator.ledger.cashOut();
    }

    /** HelloAsso's Form notification for a form of the organization (the emulator keeps no forms otherwise). */
    public EmulatorControl notifyForm(String organizationSlug, String formType, String formSlug, String title) {
        emulator.publishForm(organizationSlug, formType, formSlug, title);
        return this;
    }

    /** HelloAsso's Organization notification for a slug change ({@code old_slug_organization}, ...). */
    public EmulatorControl notifyOrganizationSlugChanged(String oldSlug, String newSlug) {
        emulator.publishOrganizationSlugChange(oldSlug, newSlug);
        return this;
    }

    /** Authorizes every payment waiting for bank validation now; returns how many. */
    public int settleBankValidations() {
        return emulator.ledger.settleBankValidations();
    }

    /** The payers' banks refuse every payment waiting for their validation now (Refused); returns how many. */
    public int refuseBankValidations() {
        return emulator.ledger.refuseBankValidations();
    }

    /** The current state of a payment, e.g. "Authorized". */
    public String paymentState(long paymentId) {
        return emulator.ledger.read(() -> emulator.ledger.payment(paymentId).state);
    }

    /** The ids of an order's payments, by instalment number. */
    public List<Long> paymentIds(long orderId) {
        return emulator.ledger.read(() -> emulator.ledger.order(orderId).payments.stream().map(p -> p.id).toList());
    }

    // ---- notifications ----------------------------------------------------------------------------------------

    /** When on, notifications are lost (recorded as dropped, never POSTed). */
    public EmulatorControl dropNotifications(boolean drop) {
        emulator.notifier.drop(drop);
        return this;
    }

    /** Each notification is POSTed {@code copies} times in all (1 = normal). */
    public EmulatorControl duplicateNotifications(int copies) {
        emulator.notifier.copies(copies);
        return this;
    }

    /** When on, the notifications of one change leave in reverse order (Order before Payment). */
    public EmulatorControl reorderNotifications(boolean reorder) {
        emulator.notifier.reorder(reorder);
        return this;
    }

    /** Real-time wait before each notification's first delivery. */
    public EmulatorControl notificationDelay(Duration delay) {
        emulator.notifier.delay(delay);
        return this;
    }

    /** While on, notifications are kept back instead of sent: see {@link #releaseHeldNotifications(boolean)}. */
    public EmulatorControl holdNotifications(boolean hold) {
        emulator.notifier.hold(hold);
        return this;
    }

    /**
     * Sends every held notification now, newest first or oldest first, and stops holding; returns how many. A
     * receiver sees what HelloAsso may do: old notifications arriving late, after newer ones.
     */
    public int releaseHeldNotifications(boolean newestFirst) {
        return emulator.notifier.release(newestFirst);
    }

    public int heldNotifications() {
        return emulator.notifier.heldCount();
    }

    /** Every delivery attempt so far (including failures and dropped ones), oldest first. */
    public List<DeliveredNotification> deliveredNotifications() {
        return emulator.notifier.deliveries();
    }

    /** Sets (or with null removes) the main notification URL, for every type; signed when the key is not null. */
    public EmulatorControl setNotificationUrl(String url, String signatureKeyOrNull) {
        emulator.notifier.setMainUrl(url, signatureKeyOrNull);
        return this;
    }

    /** Adds an observer of every API exchange and produced notification (kept across resets). */
    public EmulatorControl observe(ExchangeObserver observer) {
        emulator.observers.add(observer);
        return this;
    }

    public EmulatorControl stopObserving(ExchangeObserver observer) {
        emulator.observers.remove(observer);
        return this;
    }

    // ---- introspection ----------------------------------------------------------------------------------------

    public List<RecordedCall> calls() {
        return emulator.calls();
    }

    public long callCount(String operation) {
        return calls().stream().filter(c -> c.operation().equals(operation)).count();
    }

    public EmulatorControl resetCalls() {
        emulator.resetCalls();
        return this;
    }

    /** Back to the start state: no intents, orders, tokens, faults, calls or deliveries; clock offset cleared;
     * notification URLs as configured. */
    public EmulatorControl reset() {
        emulator.reset();
        return this;
    }

    public List<Long> checkoutIntentIds() {
        return emulator.ledger.intentIds();
    }

    /**
     * What the emulator stored for an intent: id, organizationSlug, redirectUrl, the request fields (totalAmount,
     * initialAmount, itemName, backUrl, errorUrl, returnUrl, containsDonation, terms, payer, metadata), createdAt,
     * expiresAt, expired, orderId (null until paid) and refusedAttempts.
     */
    public Map<String, Object> checkoutIntent(long checkoutIntentId) {
        ObjectNode view = emulator.ledger.read(() -> intentView(emulator.ledger.intent(checkoutIntentId)));
        return Views.JSON.convertValue(view, new TypeReference<Map<String, Object>>() { });
    }

    ObjectNode intentView(Intent intent) {
        Ledger.CheckoutRequest r = intent.request;
        ObjectNode n = Views.JSON.createObjectNode();
        n.put("id", intent.id);
        n.put("organizationSlug", intent.org);
        n.put("redirectUrl", emulator.views.redirectUrl(intent));
        n.put("totalAmount", r.totalAmount());
        n.put("initialAmount", r.initialAmount());
        n.put("itemName", r.itemName());
        n.put("backUrl", r.backUrl());
        n.put("errorUrl", r.errorUrl());
        n.put("returnUrl", r.returnUrl());
        n.put("containsDonation", r.containsDonation());
        ArrayNode terms = n.putArray("terms");
        r.terms().forEach(t -> terms.addObject().put("amount", t.amount()).put("date", t.date().toString()));
        if (r.payer() != null) {
            n.set("payer", Views.JSON.valueToTree(r.payer()));
        } else {
            n.putNull("payer");
        }
        n.set("metadata", r.metadata() == null ? null : r.metadata().deepCopy());
        n.put("createdAt", Views.date(intent.createdAt));
        n.put("expiresAt", Views.date(intent.expiresAt));
        n.put("expired", intent.expired(now()));
        if (intent.order != null) {
            n.put("orderId", intent.order.id);
        } else {
            n.putNull("orderId");
        }
        n.put("refusedAttempts", intent.refusedAttempts);
        return n;
    }
}
