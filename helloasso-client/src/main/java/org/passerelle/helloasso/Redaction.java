package org.passerelle.helloasso;

import java.util.regex.Pattern;

/** Masks secrets in text that may reach a log or an exception: token answers, notification keys. */
final class Redaction {
    private static final Pattern SECRET_JSON_VALUE = Pattern.compile(
            "(\"(?:access_token|refresh_token|id_token|client_secret|signatureKey)\"\\s*:\\s*)\"[^\"]*\"",
            Pattern.CASE_INSENSITIVE);

    private Redaction() {
    }

    static String redact(String text) {
        return text == null ? null : SECRET_JSON_VALUE.matcher(text).replaceAll("$1\"***\"");
    }
}
