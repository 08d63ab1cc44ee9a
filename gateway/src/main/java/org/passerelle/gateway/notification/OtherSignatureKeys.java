package org.passerelle.gateway.notification;

import java.util.List;

/**
 * Keys HelloAsso signs notifications with besides the configured organization's: those of the associations linked in
 * partner mode (linking.LinkedSignatureKeys), whose notifications reach the same URL, each signed with its own key.
 */
public interface OtherSignatureKeys {

    List<String> signatureKeys();
}
