package org.passerelle.gateway.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrganizationSlugTest {

    @Test
    void slugsAreLowerCaseLettersDigitsAndDashes() {
        assertThat(OrganizationSlug.isWellFormed("les-amis-du-velo")).isTrue();
        assertThat(OrganizationSlug.isWellFormed("asso-75")).isTrue();
        assertThat(OrganizationSlug.isWellFormed("https://www.helloasso.com/associations/les-amis-du-velo")).isFalse();
        assertThat(OrganizationSlug.isWellFormed("Les Amis du Vélo")).isFalse();
        assertThat(OrganizationSlug.isWellFormed("")).isFalse();
        assertThat(OrganizationSlug.isWellFormed(null)).isFalse();
    }

    @Test
    void theSlugInsideAPastedAddressIsSuggested() {
        assertThat(OrganizationSlug.suggestion("https://www.helloasso.com/associations/les-amis-du-velo"))
                .contains("les-amis-du-velo");
        assertThat(OrganizationSlug.suggestion(
                "https://www.helloasso-sandbox.com/associations/les-amis-du-velo/adhesions/adhesion-2026?x=1"))
                .contains("les-amis-du-velo");
        assertThat(OrganizationSlug.suggestion("Les-Amis-Du-Velo")).contains("les-amis-du-velo");
        assertThat(OrganizationSlug.suggestion("les amis")).contains("les-amis");
        assertThat(OrganizationSlug.suggestion("les-amis-du-velo")).as("nothing to correct").isEmpty();
        assertThat(OrganizationSlug.suggestion("Les Amis du Vélo")).as("no guess with accents").isEmpty();
    }
}
