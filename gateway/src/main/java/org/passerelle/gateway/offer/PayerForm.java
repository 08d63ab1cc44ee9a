package org.passerelle.gateway.offer;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.passerelle.gateway.order.PayerRules;
import org.springframework.format.annotation.DateTimeFormat;

/** What the offer page asks. Rules that HelloAsso applies to payer data are in {@link PayerRules}; the offer page applies them in {@link OfferFormRules}. */
public class PayerForm {

    @NotBlank(message = "{payer.firstName.required}")
    @Size(max = 255, message = "{payer.name.tooLong}")
    private String firstName;

    @NotBlank(message = "{payer.lastName.required}")
    @Size(max = 255, message = "{payer.name.tooLong}")
    private String lastName;

    @NotBlank(message = "{payer.email.required}")
    // an empty address is "required" only, not also "invalid"
    @Email(regexp = "^\\s*$|" + PayerRules.EMAIL, message = "{payer.email.invalid}")
    @Size(max = 255, message = "{payer.email.invalid}")
    private String email;

    @NotBlank(message = "{payer.country.required}")
    private String country = "FRA";

    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
    private LocalDate birthDate;

    /** Pay-what-you-want amount in euros, as typed ("12,50"). */
    private String amount;

    /** Answers to the offer's fields, by key, as typed (checked by {@link org.passerelle.gateway.field.FieldValidator}). */
    private Map<String, String> answers = new LinkedHashMap<>();

    public String getFirstName() {
        return firstName;
    }

    public void setFirstName(String firstName) {
        this.firstName = trim(firstName);
    }

    public String getLastName() {
        return lastName;
    }

    public void setLastName(String lastName) {
        this.lastName = trim(lastName);
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = trim(email);
    }

    public String getCountry() {
        return country;
    }

    public void setCountry(String country) {
        this.country = trim(country);
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public void setBirthDate(LocalDate birthDate) {
        this.birthDate = birthDate;
    }

    public String getAmount() {
        return amount;
    }

    public void setAmount(String amount) {
        this.amount = trim(amount);
    }

    public Map<String, String> getAnswers() {
        return answers;
    }

    public void setAnswers(Map<String, String> answers) {
        this.answers = answers == null ? new LinkedHashMap<>() : answers;
    }

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }
}
