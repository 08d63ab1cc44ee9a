package org.passerelle.helloasso.model;

import java.time.OffsetDateTime;

/**
 * The person who paid, as HelloAsso recorded it (the payer may have edited what was pre-filled). Every field may be
 * null. {@code country} is ISO 3166-1 alpha-3; note the field is {@code company} here but {@code companyName} in
 * {@link CheckoutPayer}, as in the API.
 */
public record Payer(String email, String address, String city, String zipCode, String country, String company,
                    OffsetDateTime dateOfBirth, String firstName, String lastName) {
}
