package org.passerelle.gateway.admin;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.passerelle.gateway.field.Answer;
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

    /** The columns, in order; their titles are the messages {@code admin.csv.<column>}. */
    static final List<String> COLUMNS = List.of("id", "created_at", "status", "item", "amount_eur", "first_term_eur",
            "first_name", "last_name", "email", "reference", "helloasso_order_id", "helloasso_payment_id", "paid_at",
            "receipt_url");

    static String write(List<Order> orders, Function<String, String> words, ZoneId zone, Locale locale) {
        return write(orders, Map.of(), List.of(), words, zone, locale);
    }

    /**
     * With the payers' answers: one column per field of the chosen offer ({@code answer_<key>}, in its order, even
     * when nobody answered it yet), then one per other field key met in these orders (questions asked before the
     * offer changed, or other offers'), empty where an order's offer did not ask it.
     */
    static String write(List<Order> orders, Map<String, List<Answer>> answers, List<String> offerKeys,
            Function<String, String> words, ZoneId zone, Locale locale) {
        Set<String> keys = new LinkedHashSet<>(offerKeys);
        orders.forEach(order -> answers.getOrDefault(order.id(), List.of()).forEach(answer -> keys.add(answer.key())));
        StringBuilder csv = new StringBuilder();
        Writer writer = new Writer(csv, List.copyOf(keys), words, zone, locale);
        orders.forEach(order -> writer.row(order, answers.getOrDefault(order.id(), List.of())));
        return csv.toString();
    }

    /**
     * Writes the CSV line by line to {@code out} (the HTTP response): its byte order mark and header at once, then one
     * line per order handed to {@link #row}, so that any number of orders takes the same memory. The answer columns
     * ({@code answer_<key>}) are known before the first line. Column titles and statuses are in the reader's language
     * ({@code words}: a message key to its text), as on the console's screen.
     */
    static final class Writer {
        private final Appendable out;
        private final List<String> answerKeys;
        private final Function<String, String> words;
        private final ZoneId zone;
        private final boolean comma;
        private final StringBuilder line = new StringBuilder();

        Writer(Appendable out, List<String> answerKeys, Function<String, String> words, ZoneId zone, Locale locale) {
            this.out = out;
            this.answerKeys = answerKeys;
            this.words = words;
            this.zone = zone;
            this.comma = !Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
            line.append('\uFEFF');
            List<String> header = new ArrayList<>(COLUMNS.stream().map(column -> words.apply("admin.csv." + column)).toList());
            answerKeys.forEach(key -> header.add("answer_" + key));
            line(line, header.toArray(String[]::new));
            flushLine();
        }

        void row(Order order, List<Answer> answers) {
            Map<String, String> given = new HashMap<>();
            answers.forEach(answer -> given.put(answer.key(), answer.value()));
            List<String> row = new ArrayList<>(Arrays.asList(order.id(), time(order.createdAt(), zone),
                    words.apply("order.status." + order.status().name()), order.itemName(),
                    euros(order.amount(), comma), euros(order.initialAmount(), comma), order.payer().firstName(),
                    order.payer().lastName(), order.payer().email(), order.reference(),
                    order.helloassoOrderId() == null ? null : order.helloassoOrderId().toString(),
                    order.helloassoPaymentId() == null ? null : order.helloassoPaymentId().toString(),
                    time(order.paidAt(), zone), order.receiptUrl()));
            answerKeys.forEach(key -> row.add(given.get(key)));
            line(line, row.toArray(String[]::new));
            flushLine();
        }

        private void flushLine() {
            try {
                out.append(line);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            line.setLength(0);
        }
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
        String safe = couldRunAsFormula(value) ? "'" + value : value;
        if (safe.contains(";") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    /**
     * What a spreadsheet could run: a value whose first visible character is =, +, - or @ (or their full-width
     * forms, which spreadsheets fold into them), however many spaces, non-breaking spaces, tabs, line breaks or
     * invisible characters come before it; or one that starts with a tab or line break. Plain numbers ("-12,50")
     * stay numbers.
     */
    static boolean couldRunAsFormula(String value) {
        if (value.isEmpty() || value.matches("-?\\d+([.,]\\d+)?")) {
            return false;
        }
        char first = value.charAt(0);
        if (first == '\t' || first == '\r' || first == '\n') {
            return true;
        }
        int i = 0;
        while (i < value.length() && isBlankOrInvisible(value.codePointAt(i))) {
            i += Character.charCount(value.codePointAt(i));
        }
        if (i == value.length()) {
            return false;
        }
        String visible = new String(Character.toChars(value.codePointAt(i)));
        return "=+-@".contains(Normalizer.normalize(visible, Normalizer.Form.NFKC));
    }

    private static boolean isBlankOrInvisible(int cp) {
        int type = Character.getType(cp);
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL
                || type == Character.FORMAT;
    }
}
