package io.slipway.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Front ends use the builder service, never a builder's internals. */
@AnalyzeClasses(packages = "io.slipway.app", importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {

  @ArchTest
  static final ArchRule frontEndsUseOnlyTheBuilderService =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.slipway.core.build.classic..")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("io.slipway.core.build.buildkit..")
          .because("the window and the command line must not know which builder ran");

  @ArchTest
  static final ArchRule theCommandLineHasNoJavaFx =
      noClasses()
          .that()
          .resideInAPackage("io.slipway.app.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("javafx..");
}
