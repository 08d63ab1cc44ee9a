package org.passerelle.gateway.api;

import java.util.List;
import org.passerelle.gateway.order.AccessTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an {@code Idempotency-Key} remembers of its request, to tell "the same request again" from "another request
 * with the same key". The hash covers the request's JSON without its absent (null or empty-list) fields, so that a field added by a
 * later release, absent from what an older client sends, leaves it unchanged. The release before schema 11 hashed the
 * JSON with its nulls, and had fewer fields: a key it took still matches its request after the upgrade
 * (keys live {@code passerelle.api.idempotency-key-ttl}, 24 h by default, so that form can go in a later release).
 */
public record RequestFingerprint(String hash, String previousReleaseHash) {

    /**
     * The fingerprint of {@code request} (a record the API read), behind {@code scope} (e.g. the order a refund is
     * for); {@code previousReleaseFields} names the top-level fields the previous release's request had, in order.
     */
    public static RequestFingerprint of(JsonMapper json, String scope, Object request,
            List<String> previousReleaseFields) {
        JsonNode tree = json.valueToTree(request);
        ObjectNode previousRelease = json.createObjectNode();
        previousReleaseFields.forEach(field -> previousRelease.set(field, tree.get(field)));
        // a request using a field the previous release did not have is not one it could have received
        boolean newFieldUsed = tree.properties().stream()
                .anyMatch(p -> !previousReleaseFields.contains(p.getKey()) && !absent(p.getValue()));
        return new RequestFingerprint(AccessTokens.hash(scope + json.writeValueAsString(withoutNulls(tree))),
                newFieldUsed ? null : AccessTokens.hash(scope + json.writeValueAsString(previousRelease)));
    }

    boolean matches(String storedHash) {
        return hash.equals(storedHash) || storedHash.equals(previousReleaseHash);
    }

    /** Left out: null, as an empty list (a record gives [] for a list the request did not send). */
    private static boolean absent(JsonNode node) {
        return node.isNull() || node.isArray() && node.isEmpty();
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            object.properties().forEach(property -> {
                if (!absent(property.getValue())) {
                    copy.set(property.getKey(), withoutNulls(property.getValue()));
                }
            });
            return copy;
        }
        return node;
    }
}
