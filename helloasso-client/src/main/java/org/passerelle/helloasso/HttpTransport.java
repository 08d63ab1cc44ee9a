package org.passerelle.helloasso;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sends one HTTP request. The default wraps {@link java.net.http.HttpClient}; the client adds retries on top, so an
 * implementation sends exactly once and reports "no answer" as an {@link IOException}
 * ({@link java.net.http.HttpTimeoutException} for a timeout).
 */
@FunctionalInterface
public interface HttpTransport {

    Response send(Request request) throws IOException;

    /**
     * @param retrySafe true when sending twice cannot do harm (reads, the token call); creations and refunds are not
     */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout,
                   boolean retrySafe) {

        public Request {
            headers = Map.copyOf(headers);
        }

        /** Never prints headers or body: they carry the bearer token and, for the token call, the client secret. */
        @Override
        public String toString() {
            return method + " " + uri.getPath();
        }
    }

    record Response(int statusCode, Map<String, List<String>> headers, byte[] body) {

        public Response {
            TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((name, values) -> {
                if (name != null) {
                    caseInsensitive.put(name, List.copyOf(values));
                }
            });
            headers = java.util.Collections.unmodifiableMap(caseInsensitive);
            body = body == null ? new byte[0] : body;
        }

        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        @Override
        public String toString() {
            return "Response[" + statusCode + ", " + body.length + " bytes]";
        }
    }
}
