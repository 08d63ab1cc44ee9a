package org.passerelle.gateway.notification;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.helloasso.notification.NotificationSignature;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /helloasso/notifications/{key}}: a wrong key is a 404 (the URL is the secret), a source outside the
 * allow-list a 403, a bad signature a 401, a malformed body a 400 (kept for inspection); anything else is stored and
 * answered 200 at once. The client IP is the proxy's unless {@code server.forward-headers-strategy} says otherwise.
 */
@RestController
public class NotificationController {

    static final int MAX_BODY_BYTES = 1_000_000;
    /** Never stored: credentials a proxy might add. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

    private final NotificationService notifications;
    private final NotificationSecrets secrets;
    private final NotificationProperties settings;
    private final AuditLog audit;

    public NotificationController(NotificationService notifications, NotificationSecrets secrets,
            NotificationProperties settings, AuditLog audit) {
        this.notifications = notifications;
        this.secrets = secrets;
        this.settings = settings;
        this.audit = audit;
    }

    @PostMapping("/helloasso/notifications/{key}")
    public ResponseEntity<String> receive(@PathVariable String key, HttpServletRequest request) throws IOException {
        if (!secrets.isKey(key)) {
            return answer(HttpStatus.NOT_FOUND, "Not found");
        }
        String ip = ClientIp.of(request);
        if (!settings.allowedIps().isEmpty() && !settings.allowedIps().contains(ip)) {
            audit.record(AuditEvent.fraud(null, AuditAction.FRAUD_NOTIFICATION_SOURCE).clientIp(ip)
                    .message("Notification from an address outside passerelle.notifications.allowed-ips: refused"));
            return answer(HttpStatus.FORBIDDEN, "Source address not allowed");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return answer(HttpStatus.CONTENT_TOO_LARGE, "Notification too large");
        }
        return switch (notifications.receive(body, headers(request), request.getHeader(NotificationSignature.HEADER), ip)) {
            case ACCEPTED, DUPLICATE -> answer(HttpStatus.OK, "OK");
            case BAD_SIGNATURE -> answer(HttpStatus.UNAUTHORIZED, "Invalid x-ha-signature");
            case MALFORMED -> answer(HttpStatus.BAD_REQUEST,
                    "Not a HelloAsso notification: a JSON object with eventType and data is expected");
        };
    }

    private static ResponseEntity<String> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
    }

    private static String headers(HttpServletRequest request) {
        StringBuilder lines = new StringBuilder();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                lines.append(name).append(": ").append(value.replaceAll("[\\r\\n]", " ")).append('\n');
            }
        }
        return lines.toString();
    }
}
