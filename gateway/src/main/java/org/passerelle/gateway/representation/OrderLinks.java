package org.passerelle.gateway.representation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.passerelle.gateway.config.GeneratedSettings;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.StoredSecret;
import org.springframework.stereotype.Component;

/**
 * The long-lived links of an API order. Its access token is an HMAC of its id (key generated once, shared through the
 * database), so the links can be given again on every read and in every webhook while only the token's hash is stored
 * with the order. {@code /pay/...} creates or renews HelloAsso's redirect each time it is opened.
 */
@Component
public class OrderLinks implements SecretHolder {

    static final String KEY_SETTING = "api.order-link-key";

    private final GeneratedSettings settings;
    private final PublicUrl publicUrl;
    private volatile byte[] key;

    public OrderLinks(GeneratedSettings settings, PublicUrl publicUrl) {
        this.settings = settings;
        this.publicUrl = publicUrl;
    }

    @Override
    public List<StoredSecret> storedSecrets() {
        return List.of(StoredSecret.setting(KEY_SETTING));
    }

    public String token(String orderId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] digest = mac.doFinal(("order-access:" + orderId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only API orders have derivable links; an order from the public pages has none. */
    public String checkoutUrl(Order order) {
        return order.apiKeyId() == null ? null : publicUrl.resolve("/pay/" + order.id() + "?t=" + token(order.id()));
    }

    public String orderUrl(Order order) {
        return order.apiKeyId() == null ? null : publicUrl.resolve("/orders/" + order.id() + "?t=" + token(order.id()));
    }

    private byte[] key() {
        if (key == null) {
            key = settings.getOrGenerate(KEY_SETTING).getBytes(StandardCharsets.UTF_8);
        }
        return key;
    }
}
