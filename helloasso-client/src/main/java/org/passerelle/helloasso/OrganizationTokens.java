package org.passerelle.helloasso;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One linked organization's tokens (partner mode), read from and written to the {@link OrganizationTokenStore}: read
 * again whenever the token in hand is no longer fresh (so a re-link or another process's refresh is seen), not at
 * every call. The access token is renewed with the refresh token shortly before it expires, by one thread at a time; the rotated
 * refresh token is saved before the new access token is used. There is no fallback: a partner's client credentials
 * give no access to an organization's resources.
 */
final class OrganizationTokens implements TokenSource {
    private static final System.Logger LOG = System.getLogger("org.passerelle.helloasso");

    private final String organizationSlug;
    private final TokenEndpoint endpoint;
    private final OrganizationTokenStore store;
    private final Clock clock;
    private final ReentrantLock renewal = new ReentrantLock();
    /** The access token HelloAsso refused before its expiry; null when none. */
    private volatile String rejected;
    /** The last token read or written, used while fresh so that a call costs no store read. */
    private volatile OrganizationToken cached;

    OrganizationTokens(String organizationSlug, TokenEndpoint endpoint, OrganizationTokenStore store) {
        this.organizationSlug = organizationSlug;
        this.endpoint = endpoint;
        this.store = store;
        this.clock = endpoint.clock();
    }

    @Override
    public String accessToken() {
        OrganizationToken token = cached;
        if (token != null && usable(token)) {
            return token.accessToken();
        }
        renewal.lock();
        try {
            token = load(); // another thread, or a process sharing the store, may have renewed it
            if (!usable(token)) {
                token = refresh(token);
            }
            cached = token;
            return token.accessToken();
        } finally {
            renewal.unlock();
        }
    }

    @Override
    public void invalidate(String rejectedAccessToken) {
        rejected = rejectedAccessToken;
    }

    private OrganizationToken refresh(OrganizationToken token) {
        if (token.refreshToken() == null) {
            throw new InvalidGrantException(400, "invalid_grant", "no refresh token is stored for organization "
                    + organizationSlug + "; link it again");
        }
        TokenEndpoint.Answer answer;
        try {
            answer = endpoint.request("refresh_token", Map.of("refresh_token", token.refreshToken()));
        } catch (InvalidGrantException refused) {
            // Another process sharing the store may have rotated it a moment ago: its token is then the good one.
            OrganizationToken stored = load();
            if (!Objects.equals(stored.refreshToken(), token.refreshToken()) && usable(stored)) {
                return stored;
            }
            LOG.log(Level.WARNING, "HelloAsso refused the refresh token of organization {0} ({1}): it must be linked again",
                    organizationSlug, refused.error());
            throw refused;
        }
        if (answer.organizationSlug() != null && !answer.organizationSlug().equals(organizationSlug)) {
            throw new HelloAssoException("HelloAsso refreshed a token of organization " + answer.organizationSlug()
                    + " for " + organizationSlug);
        }
        OrganizationToken renewed = new OrganizationToken(organizationSlug, answer.accessToken(),
                answer.refreshToken() != null ? answer.refreshToken() : token.refreshToken(),
                answer.expiresAt().minusSeconds(answer.lifetimeSeconds()), answer.expiresAt());
        store.save(renewed);
        rejected = null;
        LOG.log(Level.DEBUG, "Access token of organization {0} refreshed", organizationSlug);
        return renewed;
    }

    private OrganizationToken load() {
        return store.load(organizationSlug).orElseThrow(() -> new OrganizationNotLinkedException(organizationSlug));
    }

    private boolean usable(OrganizationToken token) {
        long lifetime = token.expiresAt().getEpochSecond() - token.obtainedAt().getEpochSecond();
        return !token.accessToken().equals(rejected) && AccessTokens.isFresh(token.expiresAt(), lifetime, clock.instant());
    }
}
