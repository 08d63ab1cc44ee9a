package org.passerelle.helloasso.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * Everything HelloAsso knows about payments: checkout intents, orders, payments, refunds, and how they move with
 * time. One monitor guards it all, so concurrent callers always see whole transitions. Every payment change is
 * handed to the {@link Notifier} while the lock is held, so notifications leave in the order things happened.
 */
final class Ledger {

    enum Card { SUCCESS, BANK_VALIDATION }

    record Term(int amount, LocalDate date) {
    }

    record PayerData(String firstName, String lastName, String email, LocalDate dateOfBirth, String address,
                     String city, String zipCode, String country, String company) {

        static final PayerData DEFAULT = new PayerData("Jeanne", "Martin", "jeanne.martin@example.org", null, null, null,
                null, "FRA", null);

        PayerData withIdentity(String first, String last, String mail) {
            return new PayerData(first, last, mail, dateOfBirth, address, city, zipCode, country == null ? "FRA" : country, company);
        }
    }

    /** A validated {@code InitCheckoutBody}. */
    record CheckoutRequest(int totalAmount, int initialAmount, String itemName, String backUrl, String errorUrl,
                           String returnUrl, boolean containsDonation, List<Term> terms, PayerData payer,
                           JsonNode metadata) {
    }

    static final class Intent {
        final long id;
        final String org;
        final String token;
        final CheckoutRequest request;
        final Instant createdAt;
        final Instant expiresAt;
        Order order;
        int refusedAttempts;

        Intent(long id, String org, String token, CheckoutRequest request, Instant createdAt, Instant expiresAt) {
            this.id = id;
            this.org = org;
            this.token = token;
            this.request = request;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
        }

        boolean expired(Instant now) {
            return order == null && !now.isBefore(expiresAt);
        }
    }

    static final class Order {
        final long id;
        final Intent intent;
        final Instant date;
        final PayerData payer;
        final List<Payment> payments = new ArrayList<>();
        Instant updatedAt;
        boolean itemCanceled;

        Order(long id, Intent intent, Instant date, PayerData payer) {
            this.id = id;
            this.intent = intent;
            this.date = date;
            this.payer = payer;
            this.updatedAt = date;
        }

        String org() {
            return intent.org;
        }

        /** GET checkout-intent shows the order only once the payment has been authorized. */
        boolean visibleOnIntent() {
            return payments.getFirst().authorizedOnce;
        }
    }

    static final class Payment {
        final long id;
        final Order order;
        final int amount;
        final int installmentNumber;
        final Instant createdAt;
        Instant date;
        Instant updatedAt;
        String state;
        String cashOutState;
        /** When the association's funds for this payment were paid out (cash-out), and its cash-out id. */
        Instant cashOutDate;
        Long idCashOut;
        boolean authorizedOnce;
        Instant bankValidationAt;
        /** Set by the control API: this later term is Refused instead of taken when it falls due. */
        boolean refuseWhenDue;
        final List<Refund> refunds = new ArrayList<>();

        Payment(long id, Order order, int amount, int installmentNumber, Instant date, Instant createdAt) {
            this.id = id;
            this.order = order;
            this.amount = amount;
            this.installmentNumber = installmentNumber;
            this.date = date;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        /** Cents refunded or being refunded: failed operations gave nothing back. */
        int refundedOrRefunding() {
            return refunds.stream().filter(r -> !FAILED_OPERATION_STATES.contains(r.state)).mapToInt(r -> r.amount).sum();
        }
    }

    static final class Refund {
        final long id;
        final Payment payment;
        final int amount;
        final boolean cancelOrder;
        final boolean sendRefundMail;
        final String comment;
        final Instant createdAt;
        final Instant settlesAt;
        Instant updatedAt;
        String state = "Processing";
        /** Set by the control API: this operation ends in Error instead of Processed, and nothing is refunded. */
        boolean failsWhenSettling;

        Refund(long id, Payment payment, int amount, boolean cancelOrder, boolean sendRefundMail, String comment,
               Instant createdAt, Instant settlesAt) {
            this.id = id;
            this.payment = payment;
            this.amount = amount;
            this.cancelOrder = cancelOrder;
            this.sendRefundMail = sendRefundMail;
            this.comment = comment;
            this.createdAt = createdAt;
            this.settlesAt = settlesAt;
            this.updatedAt = createdAt;
        }
    }

    /**
     * What HelloAsso asks before a refund (since 2025-12): nothing, or one of its MFA proofs, each accepted in its
     * header or in its cookie {@code mfa-{protectedOperation}-{organizationId}[-otp-sms|-pwd]}; or the user is not
     * enrolled in MFA at all, which no proof can fix.
     */
    enum Mfa {
        NONE(null, null, null),
        ACCESS_TOKEN("AuthorizationErrors.MFA.AccessTokenRequired", "x-mfa-access-authorization", ""),
        OTP_SMS("AuthorizationErrors.MFA.AccessOtpSmsRequired", "x-mfa-sms-access-authorization", "-otp-sms"),
        PASSWORD("AuthorizationErrors.MFA.AccessPasswordTokenRequired", "x-mfa-password-authorization", "-pwd"),
        NOT_ENROLLED("AuthorizationErrors.UserNotEnrolled", null, null);

        final String code;
        final String header;
        final String cookieSuffix;

        Mfa(String code, String header, String cookieSuffix) {
            this.code = code;
            this.header = header;
            this.cookieSuffix = cookieSuffix;
        }
    }

    /** The MFA proofs a refund request carried: its headers and cookies, by name (lower-case header names). */
    record MfaProof(java.util.Map<String, String> headers, java.util.Map<String, String> cookies) {
        static final MfaProof NONE = new MfaProof(java.util.Map.of(), java.util.Map.of());
        /** The back office asks its own questions; the API's MFA does not apply there. */
        static final MfaProof BACK_OFFICE = new MfaProof(java.util.Map.of("back-office", "yes"), java.util.Map.of());

        boolean satisfies(Mfa mfa, String cookieName) {
            if (this == BACK_OFFICE || mfa == Mfa.NONE) {
                return true;
            }
            if (mfa == Mfa.NOT_ENROLLED) {
                return false;
            }
            String header = headers.get(mfa.header);
            String cookie = cookies.get(cookieName);
            return header != null && !header.isBlank() || cookie != null && !cookie.isBlank();
        }
    }

    /** The protected operation's name in MFA cookies: HelloAsso's is undocumented (ASSUMPTION). */
    static final String MFA_PROTECTED_OPERATION = "refund";

    /** Refund operations that gave nothing back; HelloAsso shows them only with withFailedRefundOperation=true. */
    static final Set<String> FAILED_OPERATION_STATES = Set.of("Error", "InternalError", "Refused", "Aborted", "Canceled");

    /** Receives each payment change, with its order, while the ledger lock is held. */
    interface ChangeListener {
        void paymentChanged(Payment payment);
    }

    private final Clock clock;
    private final Map<String, String> organizations;
    private final Duration intentTtl;
    private final Duration bankValidationDelay;
    private final Duration refundDelay;
    private final Duration cashOutDelay;
    private final Map<String, Long> organizationIds = new HashMap<>();
    private final ChangeListener listener;

    private final Map<Long, Intent> intents = new LinkedHashMap<>();
    private final Map<String, Intent> intentsByToken = new HashMap<>();
    private final Map<Long, Order> orders = new LinkedHashMap<>();
    private final Map<Long, Payment> payments = new LinkedHashMap<>();
    private long nextIntentId;
    private long nextOrderId;
    private long nextPaymentId;
    private long nextRefundId;
    private long nextCashOutId;
    private Mfa mfa = Mfa.NONE;
    private int refundOperationsToFail;
    /** Where changes are kept between runs; null keeps everything in memory. */
    private StateStore store;
    private Runnable compaction = () -> { };
    private final Set<Intent> dirty = new java.util.LinkedHashSet<>();

    Ledger(Clock clock, EmulatorConfig config, ChangeListener listener) {
        this.clock = clock;
        this.organizations = config.organizations();
        this.intentTtl = config.checkoutIntentTtl();
        this.bankValidationDelay = config.bankValidationDelay();
        this.refundDelay = config.refundDelay();
        this.cashOutDelay = config.cashOutDelay();
        long orgId = 1001;
        for (String slug : organizations.keySet()) {
            organizationIds.put(slug, orgId++);
        }
        this.listener = listener;
        clear();
    }

    /** Back to no intents; a persistent ledger keeps counting ids where it was, so none is ever issued twice. */
    synchronized void reset() {
        clear(store != null);
    }

    private void clear(boolean keepIds) {
        intents.clear();
        intentsByToken.clear();
        orders.clear();
        payments.clear();
        dirty.clear();
        if (!keepIds) {
            // Distinct ranges make a mixed-up id (an order id used as a payment id) fail loudly in callers' tests.
            nextIntentId = 30_001;
            nextOrderId = 20_001;
            nextPaymentId = 10_001;
            nextRefundId = 40_001;
            nextCashOutId = 50_001;
        }
        mfa = Mfa.NONE;
        refundOperationsToFail = 0;
    }

    private void clear() {
        clear(false);
    }

    // ---- persistence ------------------------------------------------------------------------------------------

    /** From now on every change is appended to {@code store} before the call that made it returns. */
    synchronized void persistTo(StateStore store, Runnable compaction) {
        this.store = store;
        this.compaction = compaction;
    }

    private void changed(Intent intent) {
        dirty.add(intent);
    }

    /** Writes what changed since the last call (a whole new version of each intent touched, and the id counters). */
    private void persist() {
        if (store == null || dirty.isEmpty()) {
            dirty.clear();
            return;
        }
        List<tools.jackson.databind.node.ObjectNode> lines = new ArrayList<>();
        String at = clock.instant().toString();
        for (Intent intent : dirty) {
            tools.jackson.databind.node.ObjectNode line = Views.JSON.createObjectNode().put("t", "intent").put("at", at);
            line.set("intent", LedgerCodec.intent(intent));
            lines.add(line);
        }
        tools.jackson.databind.node.ObjectNode ids = ids().put("t", "ids").put("at", at);
        lines.add(ids);
        dirty.clear();
        if (store.append(lines)) {
            compaction.run();
        }
    }

    private tools.jackson.databind.node.ObjectNode ids() {
        return Views.JSON.createObjectNode().put("intent", nextIntentId).put("order", nextOrderId)
                .put("payment", nextPaymentId).put("refund", nextRefundId).put("cashOut", nextCashOutId);
    }

    /** Everything, for a snapshot. */
    synchronized tools.jackson.databind.node.ObjectNode snapshot() {
        tools.jackson.databind.node.ObjectNode n = Views.JSON.createObjectNode();
        tools.jackson.databind.node.ArrayNode all = n.putArray("intents");
        intents.values().forEach(i -> all.add(LedgerCodec.intent(i)));
        n.set("ids", ids());
        return n;
    }

    /** Puts back an intent as stored (a newer version replaces an older one), with its order, payments, refunds. */
    synchronized void restore(tools.jackson.databind.JsonNode stored) {
        Intent intent = LedgerCodec.readIntent(stored);
        intents.put(intent.id, intent);
        intentsByToken.put(intent.token, intent);
        nextIntentId = Math.max(nextIntentId, intent.id + 1);
        if (intent.order != null) {
            orders.put(intent.order.id, intent.order);
            nextOrderId = Math.max(nextOrderId, intent.order.id + 1);
            for (Payment p : intent.order.payments) {
                payments.put(p.id, p);
                nextPaymentId = Math.max(nextPaymentId, p.id + 1);
                for (Refund r : p.refunds) {
                    nextRefundId = Math.max(nextRefundId, r.id + 1);
                }
                if (p.idCashOut != null) {
                    nextCashOutId = Math.max(nextCashOutId, p.idCashOut + 1);
                }
            }
        }
    }

    /** Id counters as stored: never lower than what was issued, so no id is issued twice. */
    synchronized void restoreIds(tools.jackson.databind.JsonNode ids) {
        nextIntentId = Math.max(nextIntentId, ids.get("intent").longValue());
        nextOrderId = Math.max(nextOrderId, ids.get("order").longValue());
        nextPaymentId = Math.max(nextPaymentId, ids.get("payment").longValue());
        nextRefundId = Math.max(nextRefundId, ids.get("refund").longValue());
        nextCashOutId = Math.max(nextCashOutId, ids.get("cashOut").longValue());
    }

    boolean organizationExists(String slug) {
        return organizations.containsKey(slug);
    }

    String organizationName(String slug) {
        return organizations.get(slug);
    }

    /** HelloAsso's numeric id of an organization (the emulator numbers them from 1001, in configuration order). */
    long organizationId(String slug) {
        return organizationIds.get(slug);
    }

    synchronized void mfaForRefunds(Mfa mfa) {
        this.mfa = mfa;
    }

    synchronized Mfa mfaForRefunds() {
        return mfa;
    }

    /** The next {@code count} refund operations are accepted, then end in Error when they settle. */
    synchronized void failNextRefundOperations(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        this.refundOperationsToFail = count;
    }

    // ---- checkout intents -------------------------------------------------------------------------------------

    synchronized Intent createIntent(String org, CheckoutRequest request) {
        Instant now = clock.instant();
        String token = Tokens.randomHex(16);
        Intent intent = new Intent(nextIntentId++, org, token, request, now, now.plus(intentTtl));
        intents.put(intent.id, intent);
        intentsByToken.put(token, intent);
        changed(intent);
        persist();
        return intent;
    }

    synchronized Intent intent(long id) {
        tick();
        Intent intent = intents.get(id);
        if (intent == null) {
            throw ApiException.notFound("Checkout intent " + id + " not found");
        }
        return intent;
    }

    synchronized Intent intentByToken(String token) {
        tick();
        return intentsByToken.get(token);
    }

    synchronized List<Long> intentIds() {
        return List.copyOf(intents.keySet());
    }

    /** Pays an intent as the hosted page does after a good card; returns the new order. */
    synchronized Order pay(long intentId, Card card, PayerData payerOverride) {
        tick();
        Intent intent = requirePayable(intentId);
        Instant now = clock.instant();
        PayerData payer = payerOverride != null ? payerOverride
                : intent.request.payer() != null ? intent.request.payer() : PayerData.DEFAULT;
        if (payer.country() == null) {
            payer = payer.withIdentity(payer.firstName(), payer.lastName(), payer.email());
        }
        Order order = new Order(nextOrderId++, intent, now, payer);
        Payment first = new Payment(nextPaymentId++, order, intent.request.initialAmount(), 1, now, now);
        if (card == Card.SUCCESS) {
            authorize(first, now);
        } else {
            first.state = "WaitingBankValidation";
            first.bankValidationAt = now.plus(bankValidationDelay);
        }
        order.payments.add(first);
        int n = 2;
        for (Term term : intent.request.terms()) {
            Instant due = term.date().atStartOfDay(EmulatorClock.PARIS).toInstant();
            Payment p = new Payment(nextPaymentId++, order, term.amount(), n++, due, now);
            p.state = "Pending";
            order.payments.add(p);
        }
        intent.order = order;
        orders.put(order.id, order);
        order.payments.forEach(p -> payments.put(p.id, p));
        changed(intent);
        listener.paymentChanged(first);
        persist();
        return order;
    }

    synchronized void refuse(long intentId) {
        tick();
        Intent intent = requirePayable(intentId);
        intent.refusedAttempts++;
        changed(intent);
        persist();
    }

    private Intent requirePayable(long intentId) {
        Intent intent = intents.get(intentId);
        if (intent == null) {
            throw new IllegalArgumentException("checkout intent " + intentId + " does not exist");
        }
        if (intent.order != null) {
            throw new IllegalStateException("checkout intent " + intentId + " is already paid (order " + intent.order.id + ")");
        }
        if (intent.expired(clock.instant())) {
            throw new IllegalStateException("checkout intent " + intentId + " has expired");
        }
        return intent;
    }

    private void authorize(Payment p, Instant now) {
        p.state = "Authorized";
        p.cashOutState = "MoneyIn";
        p.cashOutDate = null;
        p.idCashOut = null;
        p.authorizedOnce = true;
        p.bankValidationAt = null;
        touch(p, now);
    }

    private void touch(Payment p, Instant now) {
        p.updatedAt = now;
        p.order.updatedAt = now;
        changed(p.order.intent);
    }

    // ---- orders and payments ----------------------------------------------------------------------------------

    synchronized Order order(long id) {
        tick();
        Order order = orders.get(id);
        if (order == null) {
            throw ApiException.notFound("Order " + id + " not found");
        }
        return order;
    }

    synchronized Payment payment(long id) {
        tick();
        Payment payment = payments.get(id);
        if (payment == null) {
            throw ApiException.notFound("Payment " + id + " not found");
        }
        return payment;
    }

    synchronized List<Order> orders(String org, Predicate<Order> filter, Comparator<Order> order) {
        tick();
        return orders.values().stream().filter(o -> o.org().equals(org)).filter(filter).sorted(order).toList();
    }

    synchronized List<Payment> payments(String org, Predicate<Payment> filter, Comparator<Payment> order) {
        tick();
        return payments.values().stream().filter(p -> p.order.org().equals(org)).filter(filter).sorted(order).toList();
    }

    /** Runs {@code view} under the lock, so a JSON rendering sees one consistent state. */
    synchronized <T> T read(Supplier<T> view) {
        return view.get();
    }

    /** Cancels the future instalments of an order; refunds nothing. */
    synchronized void cancelOrder(long orderId) {
        Order order = order(orderId);
        cancelPending(order, clock.instant());
        persist();
    }

    private void cancelPending(Order order, Instant now) {
        for (Payment p : order.payments) {
            if (p.state.equals("Pending")) {
                p.state = "Canceled";
                touch(p, now);
                listener.paymentChanged(p);
            }
        }
    }

    /**
     * A refund through the API. Errors follow HelloAsso's refund page: {@code {"errors":[{"code":"Error","message":
     * "Code : [N] - …"}]}} with 400 for a request that cannot be right (101: unknown payment) and 409 for one the
     * payment's state refuses (112: a refund is processing, 113: not authorized); MFA answers 409 with its code.
     */
    synchronized Refund refund(long paymentId, Integer requestedAmount, String comment, boolean cancelOrder,
                               boolean sendRefundMail, MfaProof proof) {
        tick();
        Payment payment = payments.get(paymentId);
        if (payment == null) {
            throw new ApiException(400, "Error", "Code : [101] - The payment specified is not found, payment id : '" + paymentId + "'");
        }
        String cookie = "mfa-" + MFA_PROTECTED_OPERATION + "-" + organizationId(payment.order.org())
                + (mfa.cookieSuffix == null ? "" : mfa.cookieSuffix);
        if (!proof.satisfies(mfa, cookie)) {
            throw new ApiException(409, mfa.code, mfa == Mfa.NOT_ENROLLED
                    ? "User " + organizationId(payment.order.org()) + " not enrolled"
                    : "A multi-factor authentication token is required for this operation: send it in the " + mfa.header
                    + " header or in the cookie " + cookie + ".");
        }
        if (payment.state.equals("Refunding")) {
            throw new ApiException(409, "Error", "Code : [112] - One operation with the same type is currently processing.");
        }
        if (!payment.state.equals("Authorized")) {
            throw new ApiException(409, "Error", "Code : [113] - The transfer operation cannot be processed, the payment is not authorized.");
        }
        int refundable = payment.amount - payment.refundedOrRefunding();
        if (requestedAmount != null && requestedAmount < 0) {
            throw ApiException.badRequest("Error", "Code : [InvalidAmount] - The refund amount must be positive, got " + requestedAmount + ".");
        }
        int amount = requestedAmount == null || requestedAmount == 0 ? refundable : requestedAmount;
        if (amount > refundable) {
            throw ApiException.badRequest("Error", "Code : [AmountTooHigh] - The refund amount (" + amount
                    + ") exceeds what payment " + paymentId + " can still refund (" + refundable + ").");
        }
        if (cancelOrder && amount != refundable) {
            throw ApiException.badRequest("Error", "Code : [CancelOrderNeedsFullRefund] - cancelOrder is possible only if the payment is fully refunded.");
        }
        Instant now = clock.instant();
        Refund refund = new Refund(nextRefundId++, payment, amount, cancelOrder, sendRefundMail, comment, now, now.plus(refundDelay));
        if (refundOperationsToFail > 0) {
            refundOperationsToFail--;
            refund.failsWhenSettling = true;
        }
        payment.refunds.add(refund);
        payment.state = "Refunding";
        payment.cashOutState = "Refunding";
        touch(payment, now);
        listener.paymentChanged(payment);
        if (cancelOrder) {
            payment.order.itemCanceled = true;
            cancelPending(payment.order, now);
        }
        persist();
        return refund;
    }

    synchronized void contest(long paymentId) {
        tick();
        Payment payment = payments.get(paymentId);
        if (payment == null) {
            throw new IllegalArgumentException("payment " + paymentId + " does not exist");
        }
        if (!payment.state.equals("Authorized")) {
            throw new IllegalStateException("only an Authorized payment can be contested; payment " + paymentId + " is " + payment.state);
        }
        payment.state = "Contested";
        payment.cashOutState = "Contested";
        touch(payment, clock.instant());
        listener.paymentChanged(payment);
        persist();
    }

    /** The bank will refuse term {@code installmentNumber} (2 or later) of an order when it falls due. */
    synchronized long refuseInstalmentWhenDue(long orderId, int installmentNumber) {
        tick();
        Order order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("order " + orderId + " does not exist");
        }
        Payment term = order.payments.stream().filter(p -> p.installmentNumber == installmentNumber).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("order " + orderId + " has no instalment " + installmentNumber));
        if (!term.state.equals("Pending")) {
            throw new IllegalStateException("only a Pending later term can be refused; instalment " + installmentNumber
                    + " of order " + orderId + " is " + term.state);
        }
        term.refuseWhenDue = true;
        changed(order.intent);
        persist();
        return term.id;
    }

    /** Authorizes every payment waiting for bank validation now; returns how many. */
    synchronized int settleBankValidations() {
        tick();
        int settled = 0;
        Instant now = clock.instant();
        for (Payment p : payments.values()) {
            if (p.state.equals("WaitingBankValidation")) {
                authorize(p, now);
                listener.paymentChanged(p);
                settled++;
            }
        }
        persist();
        return settled;
    }

    /**
     * The payers' banks refuse every payment waiting for their validation now: Refused, never authorized (so the
     * checkout intent still shows no order); returns how many.
     */
    synchronized int refuseBankValidations() {
        tick();
        int refused = 0;
        Instant now = clock.instant();
        for (Payment p : payments.values()) {
            if (p.state.equals("WaitingBankValidation")) {
                p.state = "Refused";
                p.bankValidationAt = null;
                touch(p, now);
                listener.paymentChanged(p);
                refused++;
            }
        }
        persist();
        return refused;
    }

    /**
     * Moves things whose time has come: bank validations settle, instalments fall due, refunds complete. Called
     * before every read and by the emulator's ticker, so the emulator clock drives all of it.
     */
    synchronized void tick() {
        Instant now = clock.instant();
        for (Payment p : payments.values()) {
            if (p.state.equals("WaitingBankValidation") && p.bankValidationAt != null && !now.isBefore(p.bankValidationAt)) {
                authorize(p, now);
                listener.paymentChanged(p);
            } else if (p.state.equals("Pending") && !now.isBefore(p.date)) {
                if (p.refuseWhenDue) {
                    p.state = "Refused";
                    touch(p, now);
                } else {
                    authorize(p, now);
                }
                listener.paymentChanged(p);
            }
            boolean settled = false;
            for (Refund r : p.refunds) {
                if (r.state.equals("Processing") && !now.isBefore(r.settlesAt)) {
                    r.state = r.failsWhenSettling ? "Error" : "Processed";
                    r.updatedAt = now;
                    settled = true;
                    changed(p.order.intent);
                }
            }
            if (settled && p.refunds.stream().noneMatch(r -> r.state.equals("Processing"))) {
                int refunded = p.refundedOrRefunding();
                boolean full = refunded >= p.amount;
                // A partial refund, or one that failed, leaves the payment Authorized (HelloAsso's back office keeps
                // showing a partly refunded order as paid).
                p.state = full ? "Refunded" : "Authorized";
                p.cashOutState = full ? "Refunded" : p.cashOutDate != null ? "Transfered" : "MoneyIn";
                touch(p, now);
                listener.paymentChanged(p);
            }
            // The association is paid out some days after the payment; no notification is sent for it.
            if (p.state.equals("Authorized") && "MoneyIn".equals(p.cashOutState) && p.cashOutDate == null
                    && !now.isBefore(p.updatedAt.plus(cashOutDelay))) {
                transfer(p, now);
            }
        }
        persist();
    }

    /** Pays the association's funds for every Authorized payment still MoneyIn now; returns how many. */
    synchronized int cashOut() {
        tick();
        int transferred = 0;
        Instant now = clock.instant();
        for (Payment p : payments.values()) {
            if (p.state.equals("Authorized") && "MoneyIn".equals(p.cashOutState)) {
                transfer(p, now);
                transferred++;
            }
        }
        persist();
        return transferred;
    }

    private void transfer(Payment p, Instant now) {
        p.cashOutState = "Transfered"; // sic, HelloAsso's spelling
        p.cashOutDate = now;
        p.idCashOut = nextCashOutId++;
        changed(p.order.intent);
    }

    static final Set<String> PAYMENT_STATES = Set.of("Pending", "Authorized", "Refused", "Unknown", "Registered", "Error",
            "Refunded", "Refunding", "Waiting", "Canceled", "Contested", "WaitingBankValidation", "WaitingBankWithdraw",
            "Abandoned", "WaitingAuthentication", "AuthorizedPreprod", "Corrected", "Deleted", "Inconsistent", "NoDonation",
            "Init");

    static final Set<String> FORM_TYPES = Set.of("CrowdFunding", "Membership", "Event", "Donation", "PaymentForm",
            "Checkout", "Shop");
}
