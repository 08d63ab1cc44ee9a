package org.passerelle.gateway.linking;

import java.util.List;
import org.passerelle.gateway.notification.OtherSignatureKeys;
import org.passerelle.gateway.organization.Organizations;
import org.springframework.stereotype.Component;

/** The linked associations' notifications reach the configured URL, each signed with its organization's own key. */
@Component
class LinkedSignatureKeys implements OtherSignatureKeys {

    private final Organizations organizations;

    LinkedSignatureKeys(Organizations organizations) {
        this.organizations = organizations;
    }

    @Override
    public List<String> signatureKeys() {
        return organizations.signatureKeys();
    }
}
