package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.LocalDate;

/**
 * Payer details that pre-fill HelloAsso's payment page; every field may be null and the payer can still edit them.
 * An ISO alpha-2 {@code country} ("FR") is converted to the alpha-3 code HelloAsso requires ("FRA"). The date of birth
 * travels as midnight UTC of that day, a date-time as the spec requires (see {@link CheckoutTerm}).
 */
public record CheckoutPayer(String firstName, String lastName, String email,
                            @JsonFormat(pattern = WireDates.MIDNIGHT_UTC) LocalDate dateOfBirth, String address,
                            String city, String zipCode, String country, String companyName) {

    public CheckoutPayer {
        country = Countries.normalize(country);
    }

    /** A payer with only a name and an email, the usual pre-fill. */
    public static CheckoutPayer of(String firstName, String lastName, String email) {
        return new CheckoutPayer(firstName, lastName, email, null, null, null, null, null, null);
    }
}
