package org.passerelle.gateway.offer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.passerelle.gateway.field.FieldDefinition;
import org.passerelle.gateway.field.FieldProblem;
import org.passerelle.gateway.web.Amounts;
import org.springframework.validation.Errors;

/**
 * The console's offer form: prices typed in euros ("12,50", "12.50", "12" or "12,50 €"; anything else is refused, never
 * guessed), the id of the page derived from the name when left empty. {@link #validate} says what is wrong, field by
 * field; {@link #toOffer} is valid only after it found nothing.
 * The offer's questions to payers are rows of {@link FieldForm}, checked by {@link FieldDefinition}'s rules.
 */
public class OfferForm {

    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,99}$");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\r\\n\\t]]");
    static final int MIN_CENTS = 50;

    private String id;
    private String name;
    private String description;
    private boolean payWhatYouWant;
    private String price;
    private String minPrice;
    private boolean donation;
    private boolean askBirthDate;
    private int instalments = 1;
    private int version;
    /** On creation: the slug of the linked association it is sold for; empty for the configured organization. */
    private String organization;
    /** The questions to payers, then {@link #BLANK_ROWS} empty rows to add some. */
    private List<FieldForm> fields = new ArrayList<>();

    static final int BLANK_ROWS = 2;

    /** The form of an existing offer, amounts written as the console's language writes them. */
    public static OfferForm of(Offer offer, Locale locale) {
        OfferForm form = new OfferForm();
        form.id = offer.id();
        form.name = offer.name();
        form.description = offer.description();
        form.payWhatYouWant = offer.payWhatYouWant();
        form.price = offer.price() == null ? "" : plain(offer.price(), locale);
        form.minPrice = plain(offer.minPrice(), locale);
        form.donation = offer.donation();
        form.askBirthDate = offer.askBirthDate();
        form.instalments = offer.instalments();
        form.version = offer.version();
        form.fields = new ArrayList<>(offer.fields().stream().map(FieldForm::of).toList());
        return form.withBlankRows();
    }

    /**
     * Checks every field; on creation also fills the id from the name when empty and checks it is free.
     *
     * @param idInUse whether an id is already taken (configuration, samples or the console, archived included)
     */
    public void validate(Errors errors, boolean creating, java.util.function.Predicate<String> idInUse) {
        if (creating) {
            if (id == null || id.isEmpty()) {
                id = idFrom(name);
            }
            if (id == null || id.isEmpty()) {
                if (name != null && !name.isEmpty()) {
                    errors.rejectValue("id", "offerForm.id.required");
                }
            } else if (!ID.matcher(id).matches()) {
                errors.rejectValue("id", "offerForm.id.invalid");
            } else if (idInUse.test(id)) {
                errors.rejectValue("id", "offerForm.id.taken");
            }
        }
        if (name == null || name.isEmpty()) {
            errors.rejectValue("name", "offerForm.name.required");
        } else if (name.length() > 250 || CONTROL.matcher(name).find() || name.contains("\n")) {
            errors.rejectValue("name", "offerForm.name.invalid");
        }
        if (description != null && (description.length() > 2000 || CONTROL.matcher(description).find())) {
            errors.rejectValue("description", "offerForm.description.invalid");
        }
        if (payWhatYouWant) {
            checkAmount(errors, "minPrice", minPrice == null || minPrice.isEmpty() ? "0,50" : minPrice);
        } else if (price == null || price.isEmpty()) {
            errors.rejectValue("price", "offerForm.price.required");
        } else {
            checkAmount(errors, "price", price);
        }
        if (instalments < 1 || instalments > 12) {
            errors.rejectValue("instalments", "offerForm.instalments.invalid");
        }
        validateFields(errors);
    }

    /** Each question with the rules of {@link FieldDefinition}, its errors next to its own row. */
    private void validateFields(Errors errors) {
        if (fields.size() > FieldDefinition.MAX_FIELDS + BLANK_ROWS) {
            errors.reject("field.def.tooMany", new Object[] {FieldDefinition.MAX_FIELDS}, null);
            return;
        }
        if (fields.stream().filter(row -> row != null && !row.isBlank()).count() > FieldDefinition.MAX_FIELDS) {
            errors.reject("field.def.tooMany", new Object[] {FieldDefinition.MAX_FIELDS}, null);
            return;
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldForm row = fields.get(i);
            if (row == null || row.isBlank()) {
                continue;
            }
            String path = "fields[" + i + "]";
            if (row.unreadable() != null) {
                errors.rejectValue(path + "." + row.unreadable(), "field.def.lengths",
                        new Object[] {org.passerelle.gateway.field.FieldType.MULTILINE.cap()}, null);
            }
            FieldDefinition definition = row.toDefinition();
            for (FieldProblem problem : definition.problems(path)) {
                errors.rejectValue(problem.field(), problem.code(), problem.getArguments(), problem.english());
            }
            if (definition.key() != null && !keys.add(definition.key())) {
                errors.rejectValue(path + ".key", "field.def.duplicate");
            }
        }
        if (!errors.hasErrors()) {
            // what concerns the questions together (the room they take in HelloAsso's metadata)
            for (FieldProblem problem : FieldDefinition.problems(toOffer().fields(), "fields")) {
                errors.reject(problem.code(), problem.getArguments(), problem.english());
            }
        }
    }

    /** The form shown again, with its empty rows to add questions. */
    public OfferForm withBlankRows() {
        fields.removeIf(row -> row == null || row.isBlank());
        for (int i = 0; i < BLANK_ROWS; i++) {
            fields.add(new FieldForm());
        }
        return this;
    }

    private static void checkAmount(Errors errors, String field, String text) {
        Integer cents = Amounts.parseEuros(text);
        if (cents == null) {
            errors.rejectValue(field, "offerForm.amount.invalid");
        } else if (cents < MIN_CENTS) {
            errors.rejectValue(field, "offerForm.amount.tooLow");
        }
    }

    public Offer toOffer() {
        Integer cents = payWhatYouWant ? null : Amounts.parseEuros(price);
        int min = payWhatYouWant && minPrice != null && !minPrice.isEmpty() ? Amounts.parseEuros(minPrice) : MIN_CENTS;
        return new Offer(id, name, description == null ? "" : description, cents, min, payWhatYouWant, donation,
                askBirthDate, instalments, Offer.Source.CONSOLE, false, version,
                fields.stream().filter(row -> row != null && !row.isBlank()).map(FieldForm::toDefinition).toList(),
                organization == null || organization.isBlank() ? null : organization);
    }

    /** "Stage d'été 2026" → "stage-d-ete-2026". */
    static String idFrom(String name) {
        if (name == null) {
            return null;
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String id = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return id.length() > 100 ? id.substring(0, 100).replaceAll("-+$", "") : id;
    }

    private static String plain(int cents, Locale locale) {
        return new Amounts().plain(cents, locale);
    }

    private static String clean(String value) {
        return value == null ? null : value.strip();
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = clean(id);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = clean(name);
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = clean(description);
    }

    public boolean isPayWhatYouWant() {
        return payWhatYouWant;
    }

    public void setPayWhatYouWant(boolean payWhatYouWant) {
        this.payWhatYouWant = payWhatYouWant;
    }

    public String getPrice() {
        return price;
    }

    public void setPrice(String price) {
        this.price = clean(price);
    }

    public String getMinPrice() {
        return minPrice;
    }

    public void setMinPrice(String minPrice) {
        this.minPrice = clean(minPrice);
    }

    public boolean isDonation() {
        return donation;
    }

    public void setDonation(boolean donation) {
        this.donation = donation;
    }

    public boolean isAskBirthDate() {
        return askBirthDate;
    }

    public void setAskBirthDate(boolean askBirthDate) {
        this.askBirthDate = askBirthDate;
    }

    public String getOrganization() {
        return organization;
    }

    public void setOrganization(String organization) {
        this.organization = organization;
    }

    public int getInstalments() {
        return instalments;
    }

    public void setInstalments(int instalments) {
        this.instalments = instalments;
    }

    public List<FieldForm> getFields() {
        return fields;
    }

    public void setFields(List<FieldForm> fields) {
        this.fields = fields == null ? new ArrayList<>() : new ArrayList<>(fields);
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int version) {
        this.version = version;
    }
}
