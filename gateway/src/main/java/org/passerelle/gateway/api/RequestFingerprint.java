package org.passerelle.gateway.api;

import java.util.List;
import org.passerelle.gateway.order.AccessTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an {@code Idempotency-Key} remembers of its request, to tell "the same request again" from "another request
 * with the same key". The hash covers the request's JSON without its absent (null) fields, so that a field added by a
 * later release, absent from what an older client sends, leaves it unchanged. The release before schema 11 hashed the
 * JSON with its nulls and without the fields added since: a key it took still matches its request after the upgrade
 * (keys live {@code passerelle.api.idempotency-key-ttl}, 24 h by default, so that form can go in a later release).
 */
public record RequestFingerprint(String hash, String previousReleaseHash) {

    /**
     * The fingerprint of {@code request} (a record the API read), behind {@code scope} (e.g. the order a refund is
     * for); {@code addedSincePreviousRelease} names the top-level fields the previous release did not have.
     */
    public static RequestFingerprint of(JsonMapper json, String scope, Object request,
            List<String> addedSincePreviousRelease) {
        JsonNode tree = json.valueToTree(request);
        JsonNode previousRelease = tree.deepCopy();
        if (previousRelease instanceof ObjectNode object) {
            object.remove(addedSincePreviousRelease);
        }
        return new RequestFingerprint(AccessTokens.hash(scope + json.writeValueAsString(withoutNulls(tree))),
                AccessTokens.hash(scope + json.writeValueAsString(previousRelease)));
    }

    boolean matches(String storedHash) {
        return hash.equals(storedHash) || previousReleaseHash.equals(storedHash);
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            object.properties().forEach(property -> {
                if (!property.getValue().isNull()) {
                    copy.set(property.getKey(), withoutNulls(property.getValue()));
                }
            });
            return copy;
        }
        return node;
    }
}
