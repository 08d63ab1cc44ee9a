package org.passerelle.helloasso;

import java.net.URI;
import java.util.Objects;

/**
 * One started partner authorization: the {@link #url()} to send the association's administrator to, and what must be
 * kept server-side (in the session or the database) until HelloAsso calls {@link #redirectUri()} back: the
 * {@link #state()}, which the callback must echo, and the PKCE {@link #codeVerifier()}, which proves the code is
 * ours. Rebuild it from those values with the constructor. {@link #toString()} hides the verifier.
 */
public record AuthorizationRequest(URI url, URI redirectUri, String state, String codeVerifier) {

    public AuthorizationRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[redirectUri=" + redirectUri + ", state=" + state + ", codeVerifier=***]";
    }
}
