package org.passerelle.gateway.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the logged-in console user's scope again at each request (issue 18): a change of roles made by a
 * super-admin, on any instance sharing the database, applies at the user's next request rather than at their next
 * login; a deleted or disabled account is logged out there and then (its session invalidated, the request carried
 * on as anonymous: a page leads to the login form, a form is refused). A stored account costs one read by primary key;
 * a user of the configuration none. The session keeps what was read at login: this request only sees the new scope.
 */
final class CurrentScopeFilter extends OncePerRequestFilter {

    private final AdminUsers users;

    CurrentScopeFilter(AdminUsers users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            Optional<UserDetails> now = users.current(authentication.getName());
            if (now.isEmpty() || !now.get().isEnabled()) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
            } else {
                UsernamePasswordAuthenticationToken current = UsernamePasswordAuthenticationToken.authenticated(
                        authentication.getPrincipal(), null, now.get().getAuthorities());
                current.setDetails(authentication.getDetails());
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(current);
                SecurityContextHolder.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
