package org.passerelle.gateway.admin;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.passerelle.gateway.order.Order;

/**
 * Orders as CSV for a spreadsheet: a UTF-8 byte order mark (Excel then reads accents right), ';' between fields,
 * amounts in euros with the reader's decimal separator, times in the console's zone. Fields that a spreadsheet would
 * run as a formula are prefixed with an apostrophe.
 */
final class OrdersCsv {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private OrdersCsv() {
    }

    static String write(List<Order> orders, ZoneId zone, Locale locale) {
        boolean comma = !Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
        StringBuilder csv = new StringBuilder("\uFEFF");
        line(csv, "id", "created_at", "status", "item", "amount_eur", "first_term_eur", "first_name", "last_name",
                "email", "reference", "helloasso_order_id", "helloasso_payment_id", "paid_at", "receipt_url");
        for (Order order : orders) {
            line(csv, order.id(), time(order.createdAt(), zone), order.status().name(), order.itemName(),
                    euros(order.amount(), comma), euros(order.initialAmount(), comma), order.payer().firstName(),
                    order.payer().lastName(), order.payer().email(), order.reference(),
                    order.helloassoOrderId() == null ? null : order.helloassoOrderId().toString(),
                    order.helloassoPaymentId() == null ? null : order.helloassoPaymentId().toString(),
                    time(order.paidAt(), zone), order.receiptUrl());
        }
        return csv.toString();
    }

    static String euros(int cents, boolean decimalComma) {
        String value = BigDecimal.valueOf(cents, 2).toPlainString();
        return decimalComma ? value.replace('.', ',') : value;
    }

    private static String time(OffsetDateTime at, ZoneId zone) {
        return at == null ? null : at.atZoneSameInstant(zone).format(TIME);
    }

    private static void line(StringBuilder csv, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                csv.append(';');
            }
            csv.append(field(fields[i]));
        }
        csv.append("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+([.,]\\d+)?")
                ? "'" + value : value;
        if (safe.contains(";") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
