package org.passerelle.gateway;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Packages by feature, without cycles: later features (notifications, API, admin) build on them cleanly. */
class PackageStructureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.passerelle.gateway");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.passerelle.gateway.(*)..").should().beFreeOfCycles().check(classes);
    }
}
