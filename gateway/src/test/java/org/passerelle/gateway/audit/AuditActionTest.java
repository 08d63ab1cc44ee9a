package org.passerelle.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.OrderTerms;
import org.passerelle.gateway.order.OrderStatus;

class AuditActionTest {

    @Test
    void everyActionIsNamedForTheAdminInFrenchAndEnglish() throws IOException {
        for (String bundle : new String[] {"admin.properties", "admin_en.properties"}) {
            Properties labels = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/i18n", bundle), StandardCharsets.UTF_8)) {
                labels.load(reader);
            }
            assertThat(Arrays.stream(AuditAction.values()).map(a -> "admin.action." + a.code()))
                    .as(bundle).allSatisfy(key -> assertThat(labels.getProperty(key)).as(key).isNotBlank());
        }
    }

    @Test
    void codesAreUniqueAndTheComputedOnesExist() {
        assertThat(Arrays.stream(AuditAction.values()).map(AuditAction::code)).doesNotHaveDuplicates();
        // RefundSync records order.<status> for each status a refund picture leads to (REFUNDING is not recorded)
        for (OrderStatus status : new OrderStatus[] {OrderStatus.CONTESTED, OrderStatus.PAID,
                OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}) {
            assertThat(AuditAction.of("order." + status.name().toLowerCase(Locale.ROOT))).isNotNull();
        }
        // InstalmentTracker records instalment.<status> for a term paid or cancelled (a refusal is instalment.failed)
        for (OrderTerms.Status status : new OrderTerms.Status[] {OrderTerms.Status.PAID, OrderTerms.Status.CANCELLED}) {
            assertThat(AuditAction.of("instalment." + status.name().toLowerCase(Locale.ROOT))).isNotNull();
        }
        assertThatThrownBy(() -> AuditAction.of("order.nonsense")).isInstanceOf(IllegalArgumentException.class);
    }
}
