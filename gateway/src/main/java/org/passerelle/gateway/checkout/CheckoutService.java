package org.passerelle.gateway.checkout;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.connection.HelloAssoConnection;
import org.passerelle.gateway.field.Answer;
import org.passerelle.gateway.field.OrderAnswers;
import org.passerelle.gateway.order.CheckoutIntentRepository.StoredIntent;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.Instalments;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.PayerRules;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.organization.OrganizationClients;
import org.passerelle.gateway.organization.OrganizationClients.OrganizationClient;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.helloasso.BadRequestException;
import org.passerelle.helloasso.HelloAssoApiException;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.HelloAssoNetworkException;
import org.passerelle.helloasso.model.CheckoutIntentCreated;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.passerelle.helloasso.model.CheckoutPayer;
import org.passerelle.helloasso.model.CheckoutTerm;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a payer to HelloAsso: reuses the order's open checkout while its redirect is still valid, or creates a new
 * intent (first payment, retry after a refusal, expired redirect). The creation POST is never retried blindly
 * (HelloAsso has no idempotency key); the only retry is the documented one without the payer block after a 400.
 */
@Service
public class CheckoutService {

    /** Margin so that a reused redirect does not expire while the payer is typing their card number. */
    private static final Duration REUSE_MARGIN = Duration.ofMinutes(2);
    /** HelloAsso dates terms in French time. */
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final OrganizationClients clients;
    private final OrderRepository orders;
    private final CheckoutIntentRepository intents;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final ReturnUrls returnUrls;
    private final UtcClock clock;
    private final Duration redirectValidity;
    private final Duration creationTimeout;
    private final ApplicationEventPublisher events;
    private final HelloAssoConnection connection;
    private final HelloAssoBudget budget;
    private final OrderAnswers answers;

    public CheckoutService(OrganizationClients clients, OrderRepository orders,
            CheckoutIntentRepository intents, AuditLog audit, TransactionTemplate transaction, ReturnUrls returnUrls,
            UtcClock clock, PasserelleProperties properties, ApplicationEventPublisher events,
            HelloAssoConnection connection, HelloAssoBudget budget, OrderAnswers answers) {
        this.answers = answers;
        this.clients = clients;
        this.orders = orders;
        this.intents = intents;
        this.audit = audit;
        this.transaction = transaction;
        this.returnUrls = returnUrls;
        this.clock = clock;
        this.redirectValidity = properties.checkout().redirectValidity();
        this.creationTimeout = properties.helloasso().connectTimeout().plus(properties.helloasso().requestTimeout())
                .multipliedBy(2);
        this.events = events;
        this.connection = connection;
        this.budget = budget;
    }

    /** What {@code /pay} does next. */
    public sealed interface Next {
        /** Send the payer to HelloAsso's page. */
        record ToHelloAsso(String redirectUrl) implements Next {
        }

        /** Nothing to pay (already paid, cancelled): show the order. */
        record ToOrder() implements Next {
        }

        /** Another request (a double click) is creating the checkout right now: come back in a moment. */
        record InProgress() implements Next {
        }

        /** This order asked HelloAsso for too much in the last moments: come back in a minute. */
        record TooOften() implements Next {
        }
    }

    public Next checkout(Order order, String accessToken, String clientIp) {
        // a payment in the bank's hands: HelloAsso's page would only say "already paid"
        if (!order.payable()) {
            return new Next.ToOrder();
        }
        OffsetDateTime now = now();
        Optional<StoredIntent> open = openIntent(order, now);
        if (open.isPresent()) {
            audit.record(AuditEvent.success(order.id(), AuditAction.CHECKOUT_REUSED).amount(order.amount())
                    .reference("intent " + open.get().intentId()).clientIp(clientIp)
                    .message("Redirect valid until " + open.get().expiresAt()));
            return new Next.ToHelloAsso(open.get().redirectUrl());
        }
        switch (budget.claimCheckoutCreation(order.id(), now, now.minus(creationTimeout))) {
            case IN_PROGRESS -> {
                return new Next.InProgress();
            }
            case TOO_OFTEN -> {
                return new Next.TooOften();
            }
            case CLAIMED -> {
            }
        }
        try {
            // the claim is given back in the transaction that records the new intent
            return create(order, accessToken, clientIp, now);
        } catch (RuntimeException e) {
            budget.releaseCheckoutCreation(order.id(), now);
            throw e;
        }
    }

    private Next create(Order order, String accessToken, String clientIp, OffsetDateTime now) {
        // the order's organization, with its own HelloAsso account (a linked association: the partner's token for it)
        OrganizationClient organization = clients.forOrganization(order.organizationSlug());
        if (!organization.organizationSlug().equals(order.organizationSlug())) {
            // an organization Passerelle no longer acts for (no longer linked, or the emulator's after going live):
            // a checkout in the configured one would take the money for another association
            audit.record(AuditEvent.error(order.id(), AuditAction.CHECKOUT_CREATE_FAILED).amount(order.amount())
                    .clientIp(clientIp).message("The order is " + order.organizationSlug() + "'s, which Passerelle"
                            + " no longer acts for: no checkout created"));
            throw new HelloAssoUnavailableException(order.id(), accessToken, null, true);
        }
        CheckoutIntentCreated created = create(organization, order, accessToken, clientIp);
        boolean pending = Boolean.TRUE.equals(transaction.execute(tx -> {
            intents.insert(new StoredIntent(created.id(), order.id(), organization.organizationSlug(), created.redirectUrl(),
                    order.amount(), now, now.plus(redirectValidity), null));
            boolean changed = orders.markPending(order.id(), created.id(), now);
            budget.releaseCheckoutCreation(order.id(), now);
            if (changed) {
                // in this commit: its follow-up verifications are scheduled with it (one write to the database, not two)
                events.publishEvent(new CheckoutStarted(order.id(), created.id(), now));
            }
            audit.record(AuditEvent.success(order.id(), AuditAction.CHECKOUT_CREATED).amount(order.amount())
                    .reference("intent " + created.id()).clientIp(clientIp).httpStatus(200)
                    .message(changed ? "Checkout intent created" : "Checkout intent created, but the order is no longer payable"));
            return changed;
        }));
        if (!pending) {
            return new Next.ToOrder();
        }
        return new Next.ToHelloAsso(created.redirectUrl());
    }

    /** The current intent, if the order is PENDING on it and its redirect still has some life left. */
    private Optional<StoredIntent> openIntent(Order order, OffsetDateTime now) {
        if (order.checkoutIntentId() == null || order.status() != OrderStatus.PENDING) {
            return Optional.empty();
        }
        return intents.find(order.id(), order.checkoutIntentId())
                .filter(intent -> intent.expiresAt().isAfter(now.plus(REUSE_MARGIN)));
    }

    private CheckoutIntentCreated create(OrganizationClient organization, Order order, String accessToken,
            String clientIp) {
        CheckoutIntentRequest request = request(order);
        boolean configured = organization.organizationSlug().equals(clients.configured().organizationSlug());
        CheckoutIntentCreated created;
        try {
            try {
                created = organization.client().checkoutIntents().create(organization.organizationSlug(), request);
            } catch (BadRequestException rejected) {
                if (request.payer() == null) {
                    throw rejected;
                }
                // HelloAsso rejects payer data it finds fake (names, age…): the payer fills it in on its page instead
                audit.record(AuditEvent.error(order.id(), AuditAction.CHECKOUT_PAYER_REJECTED).amount(order.amount())
                        .httpStatus(rejected.statusCode()).clientIp(clientIp)
                        .message("HelloAsso rejected the payer data; retrying once without it"));
                created = organization.client().checkoutIntents().create(organization.organizationSlug(),
                        request.withoutPayer());
            }
        } catch (HelloAssoException e) {
            Integer status = e instanceof HelloAssoApiException api ? api.statusCode() : null;
            boolean uncertain = e instanceof HelloAssoNetworkException
                    || (status != null && status >= 500);
            // wrong credentials or organization: the payer is told payments are unavailable, not to retry at once (the
            // dashboard's connection is the configured account's; a linked association's refusal is only audited)
            boolean misconfigured = !uncertain && configured && connection.reportFailure(e, "checkoutIntents.create");
            audit.record(AuditEvent.error(order.id(), uncertain ? AuditAction.CHECKOUT_CREATE_UNCERTAIN : AuditAction.CHECKOUT_CREATE_FAILED)
                    .amount(order.amount()).httpStatus(status).clientIp(clientIp)
                    .message(uncertain
                            ? "No clear answer from HelloAsso (" + e.getClass().getSimpleName()
                                    + "); not retried: an intent may exist, the payer can try again"
                            : misconfigured
                                    ? "HelloAsso refused Passerelle's settings (" + e.getClass().getSimpleName()
                                            + "): see the HelloAsso connection on the console's dashboard"
                                    : "HelloAsso refused the checkout: " + e.getClass().getSimpleName()));
            throw new HelloAssoUnavailableException(order.id(), accessToken, e, misconfigured);
        }
        if (configured) {
            connection.reportSuccess();
        }
        return created;
    }

    private CheckoutIntentRequest request(Order order) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(PaymentVerifier.METADATA_ORDER_ID, order.id());
        if (order.reference() != null) {
            metadata.put("reference", order.reference());
        }
        if (order.offerId() != null) {
            metadata.put("offer", order.offerId());
        }
        // answers stay in Passerelle (personal data), unless the offer's field says to send them (sendToHelloAsso)
        Map<String, String> shared = new LinkedHashMap<>();
        for (Answer answer : answers.of(order.id())) {
            if (answer.sendToHelloAsso()) {
                shared.put(answer.key(), answer.value());
            }
        }
        if (!shared.isEmpty()) {
            metadata.put("answers", shared);
        }
        String state = returnUrls.state(order.id());
        CheckoutIntentRequest.Builder builder = CheckoutIntentRequest.builder().amount(order.amount());
        if (order.instalments() > 1) {
            // the split is fixed at creation; the dates count from the day the payer checks out
            List<Integer> amounts = Instalments.split(order.amount(), order.instalments());
            List<LocalDate> dates = Instalments.laterDates(clock.today(PARIS), order.instalments());
            List<CheckoutTerm> terms = new ArrayList<>();
            for (int i = 0; i < dates.size(); i++) {
                terms.add(new CheckoutTerm(amounts.get(i + 1), dates.get(i)));
            }
            builder.totalAmount(order.amount()).initialAmount(amounts.getFirst()).terms(terms);
        }
        return builder
                .itemName(order.itemName())
                .containsDonation(order.containsDonation())
                .returnUrl(returnUrls.returnUrl(state))
                .backUrl(returnUrls.backUrl(state))
                .errorUrl(returnUrls.errorUrl(state))
                .payer(payer(PayerRules.prefill(order.payer(), clock.today(PARIS))))
                .metadata(metadata)
                .build();
    }

    /** The pre-fill HelloAsso will take (what its checks would refuse is typed by the payer on its page). */
    private static CheckoutPayer payer(Order.Payer payer) {
        if (payer == null || (payer.firstName() == null && payer.lastName() == null && payer.email() == null)) {
            return null;
        }
        return new CheckoutPayer(payer.firstName(), payer.lastName(), payer.email(), payer.birthDate(), null, null,
                null, payer.country(), null);
    }

    /** Milliseconds: the value is compared again after a round trip through the database. */
    private OffsetDateTime now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
