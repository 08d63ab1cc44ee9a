package org.passerelle.helloasso.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.passerelle.helloasso.GeneratedCases.edge;
import static org.passerelle.helloasso.GeneratedCases.generate;
import static org.passerelle.helloasso.GeneratedCases.letters;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.helloasso.GeneratedCases;
import org.passerelle.helloasso.InvalidRequestException;

@ExtendWith(GeneratedCases.NameTheCase.class)
class CountriesTest {
    private static final List<String> ISO_ALPHA2 = List.of(Locale.getISOCountries());

    /** Every code the JDK knows, not a sample. */
    static Stream<String> isoAlpha2() {
        return ISO_ALPHA2.stream();
    }

    @ParameterizedTest
    @MethodSource("isoAlpha2")
    void everyIsoAlpha2CodeConvertsToThreeUpperCaseLettersAndBack(String alpha2) {
        String alpha3 = Countries.toAlpha3(alpha2);

        assertThat(alpha3).matches("[A-Z]{3}");
        assertThat(Countries.toAlpha2(alpha3)).isEqualTo(alpha2);
        assertThat(Countries.toAlpha3(alpha3)).isEqualTo(alpha3);
        assertThat(Countries.toAlpha3(alpha2.toLowerCase(Locale.ROOT))).isEqualTo(alpha3);
    }

    /** Zero to five capital letters that are neither an ISO alpha-2 nor a known alpha-3 code. */
    static Stream<Arguments> notCountries() {
        return Stream.concat(Stream.of(
                        edge("empty", ""), edge("blank", "   "), edge("one letter", "F"),
                        edge("unassigned alpha-2", "ZZ"), edge("unassigned alpha-3", "ZZZ"),
                        edge("alpha-2 with a digit", "F1"), edge("four letters", "FRAN"),
                        edge("five letters", "FRANC")),
                generate(4_101, random -> {
                    String code;
                    do {
                        code = letters(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 0, 5);
                    } while (Countries.isAlpha3(code) || ISO_ALPHA2.contains(code));
                    return new Object[] {code};
                }));
    }

    @ParameterizedTest
    @MethodSource("notCountries")
    void anythingElseIsRejected(String code) {
        assertThatThrownBy(() -> Countries.toAlpha3(code)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void knownExamples() {
        assertThat(Countries.toAlpha3("FR")).isEqualTo("FRA");
        assertThat(Countries.toAlpha3("be")).isEqualTo("BEL");
        assertThat(Countries.toAlpha3("CH")).isEqualTo("CHE");
        assertThat(Countries.toAlpha3(" DEU ")).isEqualTo("DEU");
        assertThatThrownBy(() -> Countries.toAlpha3(null)).isInstanceOf(InvalidRequestException.class);
    }
}
