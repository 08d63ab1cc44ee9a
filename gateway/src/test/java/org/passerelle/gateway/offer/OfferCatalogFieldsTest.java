package org.passerelle.gateway.offer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.startup.SettingsException;
import org.passerelle.gateway.field.FieldType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Fields declared in passerelle.offers are read as written, and one that cannot be asked stops start-up. */
class OfferCatalogFieldsTest {

    private static final HelloAssoSettings REAL = new HelloAssoSettings("asso", false, "HelloAsso sandbox");

    private static OfferCatalog catalog(Map<String, String> fields) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("passerelle.offers[0].id", "stage",
                "passerelle.offers[0].name", "Stage", "passerelle.offers[0].price", "2500"));
        fields.forEach((key, value) -> values.put("passerelle.offers[0].fields" + key, value));
        PasserelleProperties properties = new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("passerelle", PasserelleProperties.class);
        return new OfferCatalog(properties, REAL, null);
    }

    @Test
    void fieldsAreReadFromTheConfiguration() {
        Offer offer = catalog(Map.of("[0].key", "size", "[0].type", "Choice", "[0].required", "true",
                "[0].label-fr", "Taille", "[0].choices", "S,M,L", "[1].key", "mail", "[1].type", "e-mail",
                "[1].label-en", "E-mail", "[1].send-to-hello-asso", "true")).fixedOffers().getFirst();
        assertThat(offer.fields()).hasSize(2);
        assertThat(offer.fields().getFirst().type()).isEqualTo(FieldType.CHOICE);
        assertThat(offer.fields().getFirst().choices()).containsExactly("S", "M", "L");
        assertThat(offer.fields().getFirst().required()).isTrue();
        assertThat(offer.fields().getFirst().sendToHelloAsso()).isFalse();
        assertThat(offer.fields().get(1).type()).isEqualTo(FieldType.EMAIL);
        assertThat(offer.fields().get(1).sendToHelloAsso()).isTrue();
        assertThat(catalog(Map.of()).fixedOffers().getFirst().fields()).isEmpty();
    }

    @Test
    void aFieldThatCannotBeAskedStopsStartUpNamingIt() {
        assertThatThrownBy(() -> catalog(Map.of("[0].key", "size", "[0].type", "choice", "[0].label-fr", "Taille")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("the offer 'stage'").hasMessageContaining("fields[0].choices")
                .hasMessageContaining("a choice list needs 1 to 50 choices");
        assertThatThrownBy(() -> catalog(Map.of("[0].key", "a", "[0].type", "text", "[0].label-fr", "A",
                "[1].key", "a", "[1].type", "number", "[1].label-fr", "B")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("fields[1].key")
                .hasMessageContaining("used by two fields");
        assertThatThrownBy(() -> catalog(Map.of("[0].key", "code", "[0].type", "text", "[0].label-fr", "Code",
                "[0].pattern", "([a-z")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("fields[0].pattern");
    }
}
