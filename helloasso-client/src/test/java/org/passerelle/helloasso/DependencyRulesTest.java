package org.passerelle.helloasso;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The client must stay usable by any Java program: the JDK and Jackson 3 only, no framework. */
class DependencyRulesTest {
    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.passerelle.helloasso");

    @Test
    void mainClassesDependOnlyOnTheJdkAndJackson() {
        ArchRule rule = classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                "org.passerelle.helloasso..",
                "java..",
                "javax.crypto..",
                "tools.jackson..",
                // Jackson 3 kept its annotations in the 2.x package.
                "com.fasterxml.jackson.annotation..");
        rule.check(MAIN_CLASSES);
    }
}
