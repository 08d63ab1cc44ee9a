package org.passerelle.gateway;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.OrderRepository;

/** Packages by feature, without cycles: later features (notifications, API, admin) build on them cleanly. */
class PackageStructureTest {

    /** Imported once for the class (each import reads every class file again). */
    private static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.passerelle.gateway");

    /**
     * Only the payment verifier decides that a checkout was paid, refused, abandoned or left with the payer's bank: the
     * methods of {@link OrderRepository} that mark an order PAID, FAILED, EXPIRED or awaiting the bank are called from
     * {@code payment} alone (and
     * {@code OrderRepository.transition} refuses those statuses).
     */
    static final ArchRule ONLY_PAYMENT_MARKS_ORDERS_PAID_FAILED_OR_EXPIRED = noClasses()
            .that().resideOutsideOfPackages("org.passerelle.gateway.payment..", "org.passerelle.gateway.order..")
            .should().callMethodWhere(target(owner(assignableTo(OrderRepository.class)))
                    .and(target(nameMatching("mark(Paid|Failed|Expired|AwaitingBank)"))))
            .because("a payment counts only when the payment package read it back from HelloAsso");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.passerelle.gateway.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyPaymentMarksOrdersPaidFailedOrExpired() {
        ONLY_PAYMENT_MARKS_ORDERS_PAID_FAILED_OR_EXPIRED.check(classes);
    }

    @Test
    void theRuleCatchesAnotherPackageMarkingAnOrderPaid() {
        JavaClasses offender = new ClassFileImporter().importClasses(OffendingRefund.class, OrderRepository.class);
        assertThat(ONLY_PAYMENT_MARKS_ORDERS_PAID_FAILED_OR_EXPIRED.evaluate(offender).hasViolation()).isTrue();
    }

    /** Outside {@code payment}: what the rule must catch. */
    static class OffendingRefund {
        boolean markPaid(OrderRepository orders) {
            return orders.markPaid("order", 1, 2, 3L, null, OffsetDateTime.now());
        }
    }
}
