package org.passerelle.helloasso.model;

/**
 * An organization linked to the partner ({@code PartnerOrganizationModel}). {@code availableAccessToken} is
 * HelloAsso's "a valid organization access token obtained by the authorize flow exists": when false, the
 * organization must be linked again before the partner can act for it.
 */
public record LinkedOrganization(Organization organization, boolean availableAccessToken) {
}
