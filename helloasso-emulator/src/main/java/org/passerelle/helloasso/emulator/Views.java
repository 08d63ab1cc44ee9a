package org.passerelle.helloasso.emulator;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.passerelle.helloasso.emulator.Ledger.Intent;
import org.passerelle.helloasso.emulator.Ledger.Order;
import org.passerelle.helloasso.emulator.Ledger.PayerData;
import org.passerelle.helloasso.emulator.Ledger.Payment;
import org.passerelle.helloasso.emulator.Ledger.Refund;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the ledger as HelloAsso's JSON: property names and enum strings from the OpenAPI spec, plus the extra
 * fields real payloads carry ({@code isAnonymous}, {@code isAmountHidden}, and {@code formName} in notifications).
 * Call these while holding the ledger lock ({@link Ledger#read}).
 */
final class Views {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Local Paris time with 7 fractional digits, as HelloAsso writes dates. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSxxx");

    private final String baseUrl;
    private final Ledger ledger;

    Views(String baseUrl, Ledger ledger) {
        this.baseUrl = baseUrl;
        this.ledger = ledger;
    }

    static String date(Instant instant) {
        return DATE.format(instant.atZone(EmulatorClock.PARIS));
    }

    String redirectUrl(Intent intent) {
        return baseUrl + "/associations/" + intent.org + "/checkout/" + intent.token;
    }

    String receiptUrl(Order order) {
        return baseUrl + "/associations/" + order.org() + "/checkout/paiement-attestation/" + order.id;
    }

    /** {@code OrganizationPublicModel}, as an organization's own client reads it. */
    ObjectNode organization(String slug) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", ledger.organizationName(slug));
        n.put("organizationSlug", slug);
        n.put("type", "Association1901Rig");
        n.put("url", baseUrl + "/associations/" + slug);
        n.put("fiscalReceiptEligibility", false);
        n.put("fiscalReceiptIssuanceEnabled", false);
        n.put("isAuthenticated", true);
        n.put("isCashInCompliant", true);
        n.put("role", "OrganizationAdmin");
        return n;
    }

    ObjectNode initCheckoutResponse(Intent intent) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", intent.id);
        n.put("redirectUrl", redirectUrl(intent));
        return n;
    }

    ObjectNode checkoutIntent(Intent intent, boolean withFailedRefunds) {
        ObjectNode n = JSON.createObjectNode();
        if (intent.order != null && intent.order.visibleOnIntent()) {
            n.set("order", order(intent.order, withFailedRefunds));
        }
        n.put("id", intent.id);
        n.put("redirectUrl", redirectUrl(intent));
        if (intent.request.metadata() != null) {
            n.set("metadata", intent.request.metadata().deepCopy());
        }
        return n;
    }

    /** {@code OrderDetail}: also the element of order lists and the data of an Order notification. */
    ObjectNode order(Order order) {
        return order(order, false);
    }

    ObjectNode order(Order order, boolean withFailedRefunds) {
        ObjectNode n = JSON.createObjectNode();
        n.set("payer", payer(order.payer));
        ArrayNode items = n.putArray("items");
        ObjectNode item = items.addObject();
        ArrayNode shares = item.putArray("payments");
        for (Payment p : order.payments) {
            shares.addObject().put("id", p.id).put("shareAmount", p.amount);
        }
        item.put("name", order.intent.request.itemName());
        item.put("priceCategory", "Fixed");
        // In every real sample the single item of a checkout order has the order's id.
        item.put("id", order.id);
        item.put("amount", order.intent.request.totalAmount());
        item.put("type", "Payment");
        item.put("initialAmount", order.intent.request.totalAmount());
        item.put("state", itemState(order));
        ArrayNode payments = n.putArray("payments");
        for (Payment p : order.payments) {
            ObjectNode pn = payments.addObject();
            ArrayNode pItems = pn.putArray("items");
            pItems.addObject().put("id", order.id).put("shareAmount", p.amount).put("shareItemAmount", p.amount);
            paymentScalars(pn, p, withFailedRefunds);
        }
        n.putObject("amount").put("total", order.intent.request.totalAmount()).put("vat", 0).put("discount", 0);
        orderLightFields(n, order);
        return n;
    }

    /** {@code PaymentDetail}: also the element of payment lists and the data of a Payment notification. */
    ObjectNode payment(Payment p, boolean forNotification) {
        return payment(p, forNotification, false);
    }

    ObjectNode payment(Payment p, boolean forNotification, boolean withFailedRefunds) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode light = n.putObject("order");
        orderLightFields(light, p.order);
        if (forNotification) {
            light.put("formName", "Checkout");
        }
        n.set("payer", payer(p.order.payer));
        ArrayNode items = n.putArray("items");
        items.addObject()
                .put("shareAmount", p.amount)
                .put("shareItemAmount", p.amount)
                .put("id", p.order.id)
                .put("amount", p.order.intent.request.totalAmount())
                .put("type", "Payment")
                .put("state", itemState(p.order))
                .put("name", p.order.intent.request.itemName());
        paymentScalars(n, p, withFailedRefunds);
        return n;
    }

    ObjectNode refundOperation(Refund r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id);
        n.put("amount", r.amount);
        n.put("cancelOrder", r.cancelOrder);
        n.put("creationDate", date(r.createdAt));
        n.put("state", r.state);
        n.put("sendRefundMail", r.sendRefundMail);
        n.put("paymentId", r.payment.id);
        return n;
    }

    private void paymentScalars(ObjectNode n, Payment p, boolean withFailedRefunds) {
        if (p.cashOutDate != null) {
            n.put("cashOutDate", date(p.cashOutDate));
            n.put("idCashOut", p.idCashOut);
        }
        if (p.cashOutState != null) {
            n.put("cashOutState", p.cashOutState);
        }
        if (p.authorizedOnce) {
            n.put("paymentReceiptUrl", receiptUrl(p.order));
        }
        n.put("id", p.id);
        n.put("amount", p.amount);
        n.put("amountTip", 0);
        n.put("date", date(p.date));
        n.put("paymentMeans", "Card");
        n.put("installmentNumber", p.installmentNumber);
        n.put("state", p.state);
        n.put("type", "Credit");
        meta(n, p.createdAt, p.updatedAt);
        ArrayNode refunds = n.putArray("refundOperations");
        for (Refund r : p.refunds) {
            if (!withFailedRefunds && Ledger.FAILED_OPERATION_STATES.contains(r.state)) {
                continue; // shown only when asked with withFailedRefundOperation=true
            }
            ObjectNode rn = refunds.addObject();
            rn.put("id", r.id);
            rn.put("amount", r.amount);
            rn.put("amountTip", 0);
            rn.put("status", r.state);
            meta(rn, r.createdAt, r.updatedAt);
        }
    }

    private void orderLightFields(ObjectNode n, Order order) {
        n.put("id", order.id);
        n.put("date", date(order.date));
        n.put("formSlug", "default");
        n.put("formType", "Checkout");
        n.put("organizationName", ledger.organizationName(order.org()));
        n.put("organizationSlug", order.org());
        n.put("organizationType", "Association1901Rig");
        n.put("organizationIsUnderColucheLaw", false);
        n.put("checkoutIntentId", order.intent.id);
        meta(n, order.date, order.updatedAt);
        n.put("isAnonymous", false);
        n.put("isAmountHidden", false);
    }

    private static String itemState(Order order) {
        return order.itemCanceled ? "Canceled" : "Processed";
    }

    private static void meta(ObjectNode n, Instant created, Instant updated) {
        n.putObject("meta").put("createdAt", date(created)).put("updatedAt", date(updated));
    }

    private static ObjectNode payer(PayerData payer) {
        ObjectNode n = JSON.createObjectNode();
        putIfSet(n, "email", payer.email());
        putIfSet(n, "address", payer.address());
        putIfSet(n, "city", payer.city());
        putIfSet(n, "zipCode", payer.zipCode());
        putIfSet(n, "country", payer.country());
        putIfSet(n, "company", payer.company());
        if (payer.dateOfBirth() != null) {
            n.put("dateOfBirth", date(payer.dateOfBirth().atStartOfDay(EmulatorClock.PARIS).toInstant()));
        }
        putIfSet(n, "firstName", payer.firstName());
        putIfSet(n, "lastName", payer.lastName());
        return n;
    }

    private static void putIfSet(ObjectNode n, String name, String value) {
        if (value != null && !value.isBlank()) {
            n.put(name, value);
        }
    }
}
