package org.passerelle.gateway.moodle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Usernames and e-mails as Moodle 4.5 accepts them (read in its code): a username is lowercase with letters, digits
 * and {@code -._@} only (unless the site allows extended characters), at most 100 characters; an e-mail must pass
 * PHP's e-mail filter, which takes no character outside ASCII.
 */
final class MoodleUsernames {

    static final int MAX_LENGTH = 100;

    private MoodleUsernames() {
    }

    /** False when Moodle would refuse this e-mail on any account (accents, spaces…): retrying cannot help. */
    static boolean acceptsEmail(String email) {
        if (email == null || email.length() > 254) {
            return false;
        }
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) {
            return false;
        }
        return email.chars().allMatch(c -> c > 32 && c < 127 && c != '<' && c != '>');
    }

    /** The username tried first: the e-mail itself once it passes the rule ({@code +}, {@code '} → {@code -}, accents dropped). */
    static String first(String email) {
        String plain = Normalizer.normalize(email.trim().toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        StringBuilder name = new StringBuilder(plain.length());
        for (char c : plain.toCharArray()) {
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '@';
            name.append(allowed ? c : '-');
        }
        String username = name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name.toString();
        return username.isEmpty() ? "payer" : username;
    }

    /**
     * The username tried when Moodle refused the first (another account may hold it): the same with a suffix drawn
     * from the e-mail, so that trying again after a lost answer asks for the same name.
     */
    static String second(String email) {
        String suffix = "-" + HexFormat.of().formatHex(sha256(email.trim().toLowerCase(Locale.ROOT))).substring(0, 6);
        String base = first(email);
        return (base.length() > MAX_LENGTH - suffix.length() ? base.substring(0, MAX_LENGTH - suffix.length()) : base) + suffix;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
