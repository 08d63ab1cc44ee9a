package org.passerelle.helloasso;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A PKCE pair (RFC 7636) for HelloAsso's partner authorization flow: a random {@code code_verifier} kept by the
 * partner, and its {@code code_challenge}, the base64url SHA-256 of the verifier without padding ({@code S256}),
 * which travels in the authorize URL (api-notes §1.2). {@link #toString()} hides the verifier.
 */
public final class Pkce {
    /** The only method HelloAsso's authorization page takes. */
    public static final String METHOD = "S256";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final String verifier;
    private final String challenge;

    private Pkce(String verifier) {
        this.verifier = verifier;
        this.challenge = challengeOf(verifier);
    }

    /** A new pair from 32 random bytes (a 43-character verifier). */
    public static Pkce generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Pkce(BASE64URL.encodeToString(bytes));
    }

    /**
     * The pair of a verifier kept earlier.
     *
     * @throws InvalidRequestException unless it has 43–128 characters of {@code A-Z a-z 0-9 - . _ ~}
     */
    public static Pkce fromVerifier(String verifier) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            throw new InvalidRequestException("codeVerifier", "must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~");
        }
        return new Pkce(verifier);
    }

    /** {@code BASE64URL(SHA-256(ASCII(verifier)))}, without padding. */
    public static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The secret half: keep it server-side until the callback, never put it in a URL. */
    public String verifier() {
        return verifier;
    }

    public String challenge() {
        return challenge;
    }

    @Override
    public String toString() {
        return "Pkce[challenge=" + challenge + ", verifier=***]";
    }
}
