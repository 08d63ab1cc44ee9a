package org.passerelle.helloasso.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.passerelle.helloasso.emulator.Ledger.CheckoutRequest;
import org.passerelle.helloasso.emulator.Ledger.Intent;
import org.passerelle.helloasso.emulator.Ledger.Order;
import org.passerelle.helloasso.emulator.Ledger.PayerData;
import org.passerelle.helloasso.emulator.Ledger.Payment;
import org.passerelle.helloasso.emulator.Ledger.Refund;
import org.passerelle.helloasso.emulator.Ledger.Term;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ledger's entities as JSON for the {@link StateStore}: one checkout intent with everything hanging from it
 * (its order, payments and refunds) is one object, so each change writes the whole of what it touched.
 */
final class LedgerCodec {

    private LedgerCodec() {
    }

    static ObjectNode intent(Intent intent) {
        ObjectNode n = Views.JSON.createObjectNode();
        n.put("id", intent.id);
        n.put("org", intent.org);
        n.put("token", intent.token);
        n.put("createdAt", intent.createdAt.toString());
        n.put("expiresAt", intent.expiresAt.toString());
        n.put("refusedAttempts", intent.refusedAttempts);
        CheckoutRequest r = intent.request;
        ObjectNode req = n.putObject("request");
        req.put("totalAmount", r.totalAmount());
        req.put("initialAmount", r.initialAmount());
        req.put("itemName", r.itemName());
        req.put("backUrl", r.backUrl());
        req.put("errorUrl", r.errorUrl());
        req.put("returnUrl", r.returnUrl());
        req.put("containsDonation", r.containsDonation());
        ArrayNode terms = req.putArray("terms");
        r.terms().forEach(t -> terms.addObject().put("amount", t.amount()).put("date", t.date().toString()));
        if (r.payer() != null) {
            req.set("payer", payer(r.payer()));
        }
        if (r.metadata() != null) {
            req.set("metadata", r.metadata().deepCopy());
        }
        if (intent.order != null) {
            n.set("order", order(intent.order));
        }
        return n;
    }

    private static ObjectNode order(Order order) {
        ObjectNode n = Views.JSON.createObjectNode();
        n.put("id", order.id);
        n.put("date", order.date.toString());
        n.put("updatedAt", order.updatedAt.toString());
        n.put("itemCanceled", order.itemCanceled);
        n.set("payer", payer(order.payer));
        ArrayNode payments = n.putArray("payments");
        for (Payment p : order.payments) {
            ObjectNode pn = payments.addObject();
            pn.put("id", p.id);
            pn.put("amount", p.amount);
            pn.put("installmentNumber", p.installmentNumber);
            pn.put("createdAt", p.createdAt.toString());
            pn.put("date", p.date.toString());
            pn.put("updatedAt", p.updatedAt.toString());
            pn.put("state", p.state);
            pn.put("cashOutState", p.cashOutState);
            pn.put("cashOutDate", p.cashOutDate == null ? null : p.cashOutDate.toString());
            if (p.idCashOut != null) {
                pn.put("idCashOut", p.idCashOut);
            }
            pn.put("authorizedOnce", p.authorizedOnce);
            pn.put("bankValidationAt", p.bankValidationAt == null ? null : p.bankValidationAt.toString());
            pn.put("refuseWhenDue", p.refuseWhenDue);
            ArrayNode refunds = pn.putArray("refunds");
            for (Refund r : p.refunds) {
                refunds.addObject().put("id", r.id).put("amount", r.amount).put("cancelOrder", r.cancelOrder)
                        .put("sendRefundMail", r.sendRefundMail).put("comment", r.comment)
                        .put("createdAt", r.createdAt.toString()).put("settlesAt", r.settlesAt.toString())
                        .put("updatedAt", r.updatedAt.toString()).put("state", r.state)
                        .put("failsWhenSettling", r.failsWhenSettling);
            }
        }
        return n;
    }

    private static ObjectNode payer(PayerData p) {
        ObjectNode n = Views.JSON.createObjectNode();
        n.put("firstName", p.firstName());
        n.put("lastName", p.lastName());
        n.put("email", p.email());
        n.put("dateOfBirth", p.dateOfBirth() == null ? null : p.dateOfBirth().toString());
        n.put("address", p.address());
        n.put("city", p.city());
        n.put("zipCode", p.zipCode());
        n.put("country", p.country());
        n.put("company", p.company());
        return n;
    }

    // ---- reading back -----------------------------------------------------------------------------------------

    static Intent readIntent(JsonNode n) {
        JsonNode req = n.get("request");
        List<Term> terms = new ArrayList<>();
        req.get("terms").forEach(t -> terms.add(new Term(t.get("amount").intValue(), LocalDate.parse(t.get("date").stringValue()))));
        CheckoutRequest request = new CheckoutRequest(req.get("totalAmount").intValue(), req.get("initialAmount").intValue(),
                req.get("itemName").stringValue(), req.get("backUrl").stringValue(), req.get("errorUrl").stringValue(),
                req.get("returnUrl").stringValue(), req.get("containsDonation").booleanValue(), List.copyOf(terms),
                req.has("payer") ? readPayer(req.get("payer")) : null,
                StateStore.field(req, "metadata") == null ? null : req.get("metadata").deepCopy());
        Intent intent = new Intent(n.get("id").longValue(), n.get("org").stringValue(), n.get("token").stringValue(), request,
                instant(n, "createdAt"), instant(n, "expiresAt"));
        intent.refusedAttempts = n.get("refusedAttempts").intValue();
        JsonNode o = StateStore.field(n, "order");
        if (o != null) {
            Order order = new Order(o.get("id").longValue(), intent, instant(o, "date"), readPayer(o.get("payer")));
            order.updatedAt = instant(o, "updatedAt");
            order.itemCanceled = o.get("itemCanceled").booleanValue();
            for (JsonNode pn : o.get("payments")) {
                Payment p = new Payment(pn.get("id").longValue(), order, pn.get("amount").intValue(),
                        pn.get("installmentNumber").intValue(), instant(pn, "date"), instant(pn, "createdAt"));
                p.updatedAt = instant(pn, "updatedAt");
                p.state = pn.get("state").stringValue();
                p.cashOutState = text(pn, "cashOutState");
                p.cashOutDate = instant(pn, "cashOutDate");
                p.idCashOut = StateStore.field(pn, "idCashOut") == null ? null : pn.get("idCashOut").longValue();
                p.authorizedOnce = pn.get("authorizedOnce").booleanValue();
                p.bankValidationAt = instant(pn, "bankValidationAt");
                p.refuseWhenDue = pn.get("refuseWhenDue").booleanValue();
                for (JsonNode rn : pn.get("refunds")) {
                    Refund r = new Refund(rn.get("id").longValue(), p, rn.get("amount").intValue(),
                            rn.get("cancelOrder").booleanValue(), rn.get("sendRefundMail").booleanValue(), text(rn, "comment"),
                            instant(rn, "createdAt"), instant(rn, "settlesAt"));
                    r.updatedAt = instant(rn, "updatedAt");
                    r.state = rn.get("state").stringValue();
                    r.failsWhenSettling = rn.get("failsWhenSettling").booleanValue();
                    p.refunds.add(r);
                }
                order.payments.add(p);
            }
            intent.order = order;
        }
        return intent;
    }

    private static PayerData readPayer(JsonNode n) {
        String birth = text(n, "dateOfBirth");
        return new PayerData(text(n, "firstName"), text(n, "lastName"), text(n, "email"),
                birth == null ? null : LocalDate.parse(birth), text(n, "address"), text(n, "city"), text(n, "zipCode"),
                text(n, "country"), text(n, "company"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = StateStore.field(n, field);
        return v == null ? null : v.stringValue();
    }

    private static Instant instant(JsonNode n, String field) {
        String v = text(n, field);
        return v == null ? null : Instant.parse(v);
    }
}
