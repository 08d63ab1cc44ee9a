package org.passerelle.helloasso.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.passerelle.helloasso.emulator.Http.Response;
import org.passerelle.helloasso.emulator.Ledger.Payment;

/**
 * The payment lists as files, as the spec offers them with {@code Accept: text/csv} or the Excel type. HelloAsso's
 * own columns are not documented: these are the emulator's (one row per payment of the page, a header row first).
 */
final class Exports {

    static final String CSV = "text/csv";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static final List<String> COLUMNS = List.of("Id", "Date", "Amount", "State", "PaymentMeans", "InstallmentNumber",
            "CashOutState", "OrderId", "CheckoutIntentId", "FirstName", "LastName", "Email", "ItemName");

    private Exports() {
    }

    private static List<List<String>> rows(List<Payment> payments) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (Payment p : payments) {
            rows.add(List.of(Long.toString(p.id), Views.date(p.date), euros(p.amount), p.state, "Card",
                    Integer.toString(p.installmentNumber), p.cashOutState == null ? "" : p.cashOutState,
                    Long.toString(p.order.id), Long.toString(p.order.intent.id), nz(p.order.payer.firstName()),
                    nz(p.order.payer.lastName()), nz(p.order.payer.email()), p.order.intent.request.itemName()));
        }
        return rows;
    }

    /** Semicolon-separated, decimal comma, UTF-8 with a byte-order mark: what a French spreadsheet opens as is. */
    static Response csv(List<Payment> payments, Ledger ledger) {
        StringBuilder out = new StringBuilder("\uFEFF");
        for (List<String> row : rows(payments)) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(i == 0 ? "" : ";");
                out.append(cell.contains(";") || cell.contains("\"") || cell.contains("\n")
                        ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
            }
            out.append("\r\n");
        }
        return Response.bytes(200, CSV + "; charset=utf-8", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A minimal Office Open XML workbook: one sheet, inline strings. */
    static Response xlsx(List<Payment> payments, Ledger ledger) {
        StringBuilder sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        List<List<String>> rows = rows(payments);
        for (int r = 0; r < rows.size(); r++) {
            sheet.append("<row r=\"").append(r + 1).append("\">");
            for (String cell : rows.get(r)) {
                sheet.append("<c t=\"inlineStr\"><is><t>").append(Http.escapeHtml(cell)).append("</t></is></c>");
            }
            sheet.append("</row>");
        }
        sheet.append("</sheetData></worksheet>");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + "</Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>");
            entry(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                    + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                    + "<sheets><sheet name=\"Paiements\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + "</Relationships>");
            entry(zip, "xl/worksheets/sheet1.xml", sheet.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.bytes(200, XLSX, bytes.toByteArray());
    }

    private static void entry(ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(xml.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String euros(int cents) {
        return (cents / 100) + "," + String.format("%02d", cents % 100);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
