package org.passerelle.gateway.checkout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.passerelle.gateway.config.PublicUrl;
import org.springframework.stereotype.Component;

/** The return, back and error URLs given to HelloAsso, each carrying the order's signed state. */
@Component
public class ReturnUrls {

    public static final String RETURN = "/helloasso/return";
    public static final String BACK = "/helloasso/back";
    public static final String ERROR = "/helloasso/error";

    private final PublicUrl publicUrl;
    private final SignedState signedState;

    public ReturnUrls(PublicUrl publicUrl, SignedState signedState) {
        this.publicUrl = publicUrl;
        this.signedState = signedState;
    }

    public String state(String orderId) {
        return signedState.sign(orderId);
    }

    public String returnUrl(String state) {
        return url(RETURN, state);
    }

    public String backUrl(String state) {
        return url(BACK, state);
    }

    public String errorUrl(String state) {
        return url(ERROR, state);
    }

    private String url(String path, String state) {
        return publicUrl.resolve(path) + "?s=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }
}
