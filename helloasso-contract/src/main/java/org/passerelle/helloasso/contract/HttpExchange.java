package org.passerelle.helloasso.contract;

import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange with HelloAsso's API as it went over the wire: the request (method, raw path and query, headers,
 * body) and the answer (status, content type, body). Header names are matched without regard to case.
 */
public record HttpExchange(String method, String path, String rawQuery, Map<String, List<String>> requestHeaders,
                           byte[] requestBody, int status, String responseContentType, byte[] responseBody) {
}
