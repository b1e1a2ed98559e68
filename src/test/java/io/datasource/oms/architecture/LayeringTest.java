package io.datasource.oms.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds the import direction of STYLE.md: OMS code knows nothing of Kubernetes, and so on. */
class LayeringTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.datasource.oms");
  }

  @Test
  void omsClientAndSimulatorKnowNothingOfKubernetes() {
    noClasses().that().resideInAnyPackage("io.datasource.oms.client..", "io.datasource.oms.simulator..")
        .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..")
        .check(main);
  }

  @Test
  void omsClientDoesNotReachIntoOtherLayers() {
    noClasses().that().resideInAPackage("io.datasource.oms.client..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.datasource.oms.api..", "io.datasource.oms.reconciler..",
            "io.datasource.oms.config..", "io.datasource.oms.runtime..",
            "io.datasource.oms.simulator..", "io.datasource.oms.sandbox..")
        .check(main);
  }

  @Test
  void modelIsDataOnly() {
    noClasses().that().resideInAPackage("io.datasource.oms.api..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.javaoperatorsdk..", "io.datasource.oms.client..", "io.datasource.oms.reconciler..",
            "io.datasource.oms.config..", "io.datasource.oms.runtime..", "java.net.http..")
        .check(main);
  }

  @Test
  void reconcilerMakesNoHttpCallOfItsOwn() {
    noClasses().that().resideInAPackage("io.datasource.oms.reconciler..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.net.http..", "com.sun.net.httpserver..", "io.datasource.oms.simulator..",
            "io.datasource.oms.runtime..", "io.datasource.oms.sandbox..")
        .check(main);
  }

  @Test
  void configurationKnowsNothingOfTheOperatorItConfigures() {
    // runtime turns the configuration into the reconciler's options, not config.
    noClasses().that().resideInAPackage("io.datasource.oms.config..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.datasource.oms.reconciler..", "io.datasource.oms.runtime..",
            "io.datasource.oms.sandbox..", "io.datasource.oms.simulator..",
            "io.fabric8.kubernetes.client..", "io.javaoperatorsdk..")
        .check(main);
  }

  /** Packages directly under io.datasource.oms depend on each other one way only. */
  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.datasource.oms.(*)..").should().beFreeOfCycles().check(main);
  }
}
