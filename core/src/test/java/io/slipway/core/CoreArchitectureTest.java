package io.slipway.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules of ARCHITECTURE.md that the compiler does not enforce. */
@AnalyzeClasses(packages = "io.slipway.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

  @ArchTest
  static final ArchRule coreHasNoUserInterface =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "javafx..", "java.awt..", "javax.swing..", "org.controlsfx..", "atlantafx..")
          .because("core is the engine-side library; the window lives in app");

  @ArchTest
  static final ArchRule coreDoesNotKnowTheApp =
      noClasses().should().dependOnClassesThat().resideInAPackage("io.slipway.app..");

  @ArchTest
  static final ArchRule buildersAreIndependentOfEachOther =
      noClasses()
          .that()
          .resideInAPackage("io.slipway.core.build.classic..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.slipway.core.build.buildkit..");

  @ArchTest
  static final ArchRule buildKitDoesNotUseTheClassicBuilder =
      noClasses()
          .that()
          .resideInAPackage("io.slipway.core.build.buildkit..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.slipway.core.build.classic..")
          .because("what both builders share lives in io.slipway.core.build");

  @ArchTest
  static final ArchRule contextAndEngineDoNotDependOnBuilders =
      noClasses()
          .that()
          .resideInAnyPackage("io.slipway.core.context..", "io.slipway.core.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.slipway.core.build..");
}
