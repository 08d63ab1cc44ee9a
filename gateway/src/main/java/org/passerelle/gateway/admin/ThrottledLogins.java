package org.passerelle.gateway.admin;

import java.time.Duration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Every password check of the console and the actuator (form login and HTTP basic) goes through the
 * {@link LoginThrottle}, inside Spring Security's authentication: the user name is the one the login filter built
 * (trimmed, then looked up in lower case) and the address the one it recorded. An attempt made too early is refused
 * with {@link TooEarly} before the password is looked at.
 */
class ThrottledLogins implements AuthenticationProvider {

    /** The attempt came before the end of its wait; the password was not checked. */
    static final class TooEarly extends AuthenticationException {
        private final Duration wait;

        TooEarly(Duration wait) {
            super("Too many failed logins: wait " + wait.toSeconds() + " s");
            this.wait = wait;
        }

        Duration waitFor() {
            return wait;
        }
    }

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledLogins(DaoAuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String user = LoginThrottle.canonical(attempt.getName());
        String ip = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        Duration wait = throttle.waitBefore(user, ip);
        if (!wait.isZero()) {
            throw new TooEarly(wait);
        }
        try {
            Authentication authenticated = passwords.authenticate(attempt);
            throttle.succeeded(user, ip);
            return authenticated;
        } catch (BadCredentialsException | DisabledException e) {
            // a disabled account (ConsoleUsers) is a failed login like any other
            throttle.failed(user, ip);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
