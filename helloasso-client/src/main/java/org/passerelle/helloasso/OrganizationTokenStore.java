package org.passerelle.helloasso;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Partner mode: where each linked organization's tokens are kept. The client calls {@link #save} after the code
 * exchange and after <em>every</em> refresh, before it uses the new access token: HelloAsso rotates refresh tokens,
 * so the previous one stops working, and a rotated token that is not persisted means linking the organization again.
 * Implementations must be thread-safe, store durably (a database, encrypted at rest: these are credentials), and
 * never log the tokens. {@link #inMemory()} is for tests and single-process tools.
 */
public interface OrganizationTokenStore {

    /** The stored tokens of this organization, if it was linked. */
    Optional<OrganizationToken> load(String organizationSlug);

    /** Replaces the organization's tokens. Must not return before they are stored. */
    void save(OrganizationToken token);

    /** Tokens kept in this process's memory only: lost when it stops. */
    static OrganizationTokenStore inMemory() {
        Map<String, OrganizationToken> tokens = new ConcurrentHashMap<>();
        return new OrganizationTokenStore() {
            @Override
            public Optional<OrganizationToken> load(String organizationSlug) {
                return Optional.ofNullable(tokens.get(organizationSlug));
            }

            @Override
            public void save(OrganizationToken token) {
                tokens.put(token.organizationSlug(), token);
            }

            @Override
            public String toString() {
                return "OrganizationTokenStore.inMemory[" + tokens.size() + " organizations]";
            }
        };
    }
}
