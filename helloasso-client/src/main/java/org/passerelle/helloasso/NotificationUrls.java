package org.passerelle.helloasso;

import java.util.List;
import org.passerelle.helloasso.model.NotificationType;
import org.passerelle.helloasso.model.NotificationUrl;

/**
 * Where HelloAsso sends notifications, for partner API clients. A null {@link NotificationType} means every type
 * (and, for delete, the main URL). HelloAsso allows at most 5 URLs per organization and 5 global ones.
 */
public final class NotificationUrls {
    private final ApiRequester api;

    NotificationUrls(ApiRequester api) {
        this.api = api;
    }

    /** Sets the partner-wide URL, which receives the notifications of every linked organization. */
    public NotificationUrl set(String url, NotificationType typeOrNull) {
        Operation operation = Operation.NOTIFICATION_URLS_SET;
        return api.call(operation, operation.path(), null, body(url, typeOrNull), Types.of(NotificationUrl.class));
    }

    /** Sets the URL that receives one organization's notifications. */
    public NotificationUrl setForOrganization(String organizationSlug, String url, NotificationType typeOrNull) {
        Operation operation = Operation.NOTIFICATION_URLS_SET_FOR_ORGANIZATION;
        return api.call(operation, operation.path(organizationSlug), null, body(url, typeOrNull),
                Types.of(NotificationUrl.class));
    }

    public void delete(NotificationType typeOrNull) {
        Operation operation = Operation.NOTIFICATION_URLS_DELETE;
        api.call(operation, operation.path(), deleteQuery(operation, typeOrNull), null, null);
    }

    public void deleteForOrganization(String organizationSlug, NotificationType typeOrNull) {
        Operation operation = Operation.NOTIFICATION_URLS_DELETE_FOR_ORGANIZATION;
        api.call(operation, operation.path(organizationSlug), deleteQuery(operation, typeOrNull), null, null);
    }

    /** The partner's registered URLs, from {@code GET /v5/partners/me}. */
    public List<NotificationUrl> list() {
        Operation operation = Operation.PARTNERS_ME;
        Partner partner = api.call(operation, operation.path(), null, null, Types.of(Partner.class));
        return partner == null || partner.urlNotificationList() == null ? List.of() : partner.urlNotificationList();
    }

    private static Body body(String url, NotificationType type) {
        if (url == null || url.isBlank()) {
            throw new InvalidRequestException("url", "is required");
        }
        return new Body(url, type);
    }

    private static Query deleteQuery(Operation operation, NotificationType type) {
        return new Query(operation).add("notificationType", type == null ? null : type.wireValue());
    }

    /** HelloAsso's {@code PostApiUrlNotificationBody}. */
    record Body(String url, NotificationType notificationType) {
    }

    /** The part of HelloAsso's {@code PartnerPublicModel} the client reads. */
    record Partner(List<NotificationUrl> urlNotificationList) {
    }
}
