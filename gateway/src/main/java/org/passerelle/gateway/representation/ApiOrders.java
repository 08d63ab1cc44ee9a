package org.passerelle.gateway.representation;

import java.util.List;
import org.passerelle.gateway.field.OrderAnswers;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderTerms;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns a stored order into the representation host applications get: API responses and webhook bodies alike. */
@Component
public class ApiOrders {

    private final OrderLinks links;
    private final OrderTerms terms;
    private final JsonMapper json;
    private final OrderAnswers answers;

    public ApiOrders(OrderLinks links, OrderTerms terms, JsonMapper json, OrderAnswers answers) {
        this.answers = answers;
        this.links = links;
        this.terms = terms;
        this.json = json;
    }

    public ApiOrder of(Order order) {
        Order.Payer p = order.payer();
        return new ApiOrder(order.id(), order.reference(), order.status().name(), order.amount(), order.initialAmount(),
                "EUR", order.itemName(),
                new ApiOrder.Payer(p.firstName(), p.lastName(), p.email(), p.country(), p.birthDate()),
                order.metadata() == null ? null : json.readTree(order.metadata()),
                order.instalments(), terms(order), order.containsDonation(),
                links.checkoutUrl(order), links.orderUrl(order), order.returnUrl(), order.autoReturn(), order.receiptUrl(),
                order.createdAt(), order.paidAt(), order.updatedAt(),
                answers.of(order.id()).stream().map(a -> new ApiOrder.Answer(a.key(), a.type().json(), a.labelFr(),
                        a.labelEn(), a.value())).toList());
    }

    private List<ApiOrder.Term> terms(Order order) {
        return terms.scheduleOf(order).terms().stream()
                .map(t -> new ApiOrder.Term(t.number(), t.amount(), t.dueDate(), t.status().name())).toList();
    }
}
