package org.passerelle.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Generated secrets: once, shared, and never generated inside a transaction (FirstApiOrdersPostgresIT says why). */
class GeneratedSettingsIT extends GatewayTestSupport {

    @Autowired
    GeneratedSettings settings;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void aSettingIsGeneratedOnceThenReadBackEvenInsideATransaction() {
        String name = "test.generated-" + UUID.randomUUID();
        String generated = settings.getOrGenerate(name);

        assertThat(generated).hasSize(43);
        assertThat(settings.getOrGenerate(name)).isEqualTo(generated);
        String inside = transaction.execute(tx -> settings.getOrGenerate(name));
        assertThat(inside).isEqualTo(generated);
    }

    @Test
    void generatingOneInsideATransactionIsRefusedAndStoresNothing() {
        String name = "test.generated-" + UUID.randomUUID();

        assertThatThrownBy(() -> transaction.execute(tx -> settings.getOrGenerate(name)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not inside a transaction");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM settings WHERE name = :name").param("name", name)
                .query(Long.class).single()).isZero();
    }
}
