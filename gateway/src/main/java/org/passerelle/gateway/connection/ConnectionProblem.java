package org.passerelle.gateway.connection;

/**
 * A mistake in the HelloAsso settings: HelloAsso answered, and said no. Only the association can fix these (a setting
 * and a restart); a HelloAsso outage is not one of them.
 */
public enum ConnectionProblem {
    /** {@code passerelle.helloasso.organization} is not a slug (typically a whole address pasted). No call is made. */
    MALFORMED_ORGANIZATION,
    /** The token endpoint refused {@code client-id} / {@code client-secret} (or they are another site's). */
    WRONG_CREDENTIALS,
    /** HelloAsso has no organization with this slug. */
    UNKNOWN_ORGANIZATION,
    /** The credentials work but may not act for this organization (403/401 on its resources). */
    NOT_ALLOWED
}
