package org.passerelle.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a bare socket, for what no HTTP client library sends: malformed percent-encoding, raw control bytes,
 * odd request lines. One request per connection ({@code Connection: close}); the answer is read to its end.
 */
public final class RawHttp {

    public record Answer(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code method target} with these extra header lines (each "Name: value") and body. */
    public static Answer send(int port, String method, String target, String body, String... headerLines) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + target, e);
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        int status = lines.length > 0 && lines[0].startsWith("HTTP/") ? Integer.parseInt(lines[0].split(" ")[1]) : -1;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", i);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = chunked.substring(i, lineEnd).split(";")[0].trim();
            if (sizeLine.isEmpty()) {
                i = lineEnd + 2;
                continue;
            }
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            // sizes are in bytes: good enough for the ASCII and short UTF-8 bodies tests read
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            i = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
