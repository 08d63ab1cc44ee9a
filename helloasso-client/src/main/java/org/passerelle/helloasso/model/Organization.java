package org.passerelle.helloasso.model;

/**
 * The public part of an organization ({@code OrganizationPublicModel}): enough to show whom the credentials reach.
 * {@code url} is its public page, e.g. {@code https://www.helloasso.com/associations/{slug}}.
 */
public record Organization(String name, String organizationSlug, String url) {
}
