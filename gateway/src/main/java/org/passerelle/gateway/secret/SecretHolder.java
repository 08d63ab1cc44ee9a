package org.passerelle.gateway.secret;

import java.util.List;

/** A bean that keeps secrets in the database, sealed by {@link SecretBox}: {@link SecretRotation} goes through them. */
public interface SecretHolder {

    List<StoredSecret> storedSecrets();
}
