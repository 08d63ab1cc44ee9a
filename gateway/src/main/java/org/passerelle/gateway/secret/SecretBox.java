package org.passerelle.gateway.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets Passerelle keeps in its database (AES-256-GCM, a random 96-bit nonce per value). A stored value
 * says how to open it: {@code v1:<key id>:<base64url(nonce | ciphertext | tag)>}, the key id being derived from the
 * key (so that a wrong key is named, not guessed). Values are sealed under the current key and opened under the
 * current or any previous key; a value stored before encryption existed (no {@code v1:} prefix) is read as it is,
 * until {@link SecretRotation} seals it at the next start.
 */
public final class SecretBox {

    static final String VERSION = "v1";
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern SEALED = Pattern.compile("^v1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    /** key id → key, the current one first. */
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /** @param previous keys still read (during a rotation), never used to seal */
    public SecretBox(byte[] current, List<byte[]> previous) {
        currentId = add(current);
        previous.forEach(this::add);
    }

    private String add(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a key is " + KEY_BYTES + " bytes");
        }
        String id = keyId(key);
        keys.putIfAbsent(id, new SecretKeySpec(key.clone(), "AES"));
        return id;
    }

    /** A short public name for a key: the start of a hash of it (never enough to find the key). */
    public static String keyId(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("passerelle secret key id\0".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String currentKeyId() {
        return currentId;
    }

    /** The value to store for {@code plaintext} (null stays null). */
    public String seal(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, currentId, nonce);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + ":" + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of a stored value: opened under its key, or as it is when it was stored before encryption.
     *
     * @throws SecretKeyException when no configured key is the value's, or the value was altered
     */
    public String open(String stored) {
        if (stored == null) {
            return null;
        }
        Matcher sealed = SEALED.matcher(stored);
        if (!sealed.matches()) {
            return stored;
        }
        String id = sealed.group(1);
        if (!keys.containsKey(id)) {
            throw new SecretKeyException("a secret stored in the database was encrypted under the key with id " + id
                    + ", which is neither passerelle.secrets.key (id " + currentId + ") nor one of"
                    + " passerelle.secrets.previous-keys.",
                    "Set passerelle.secrets.key to the key this database was encrypted with (or add that key to"
                    + " passerelle.secrets.previous-keys), the same on every instance (docs/operations.md, \"Secrets at"
                    + " rest\").");
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(sealed.group(2));
        } catch (IllegalArgumentException e) {
            throw altered(id, e);
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw altered(id, null);
        }
        try {
            byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, id, nonce);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw altered(id, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Whether a stored value is already sealed under the current key (nothing to rotate). */
    public boolean isCurrent(String stored) {
        Matcher sealed = stored == null ? null : SEALED.matcher(stored);
        return sealed != null && sealed.matches() && sealed.group(1).equals(currentId);
    }

    /** Whether a stored value is encrypted at all (false: stored before encryption, or null). */
    public static boolean isSealed(String stored) {
        return stored != null && SEALED.matcher(stored).matches();
    }

    private Cipher cipher(int mode, String id, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, keys.get(id), new GCMParameterSpec(TAG_BITS, nonce));
        // the header is authenticated too: a value cannot be passed off under another version or key id
        cipher.updateAAD((VERSION + ":" + id).getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private static SecretKeyException altered(String id, Throwable cause) {
        return new SecretKeyException("a secret stored in the database does not decrypt under the key with id " + id
                + ": the stored value was altered or cut.",
                "Restore the value from a backup, or remove what it belongs to (a webhook endpoint: remove it and add"
                + " it again) and start Passerelle again.", cause);
    }
}
