package org.passerelle.helloasso.model;

import java.time.LocalDate;

/**
 * Payer details that pre-fill HelloAsso's payment page; every field may be null and the payer can still edit them.
 * An ISO alpha-2 {@code country} ("FR") is converted to the alpha-3 code HelloAsso requires ("FRA").
 */
public record CheckoutPayer(String firstName, String lastName, String email, LocalDate dateOfBirth, String address,
                            String city, String zipCode, String country, String companyName) {

    public CheckoutPayer {
        country = Countries.normalize(country);
    }

    /** A payer with only a name and an email, the usual pre-fill. */
    public static CheckoutPayer of(String firstName, String lastName, String email) {
        return new CheckoutPayer(firstName, lastName, email, null, null, null, null, null, null);
    }
}
