package io.ddbconnector.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.ddbconnector.conf.ConnectorOptions;

/**
 * Dependencies point one way: the engine-neutral packages know no engine and no binding, the packages form no
 * cycles, the leaf packages depend on no other connector package, and only the bindings (and the engine modules)
 * call the façade. Checked on the compiled main classes of this module.
 */
@AnalyzeClasses(packages = "io.ddbconnector", importOptions = ArchitectureTest.MainClassesOfThisModule.class)
class ArchitectureTest {

  private static final String[] NEUTRAL = {
    "io.ddbconnector.conf..", "io.ddbconnector.exceptions..", "io.ddbconnector.types..", "io.ddbconnector.table..",
    "io.ddbconnector.client..", "io.ddbconnector.throughput..", "io.ddbconnector.split..", "io.ddbconnector.read..",
    "io.ddbconnector.write..", "io.ddbconnector.plan..", "io.ddbconnector.streams..", "io.ddbconnector.core..",
    "io.ddbconnector.export.."};

  private static final String[] BELOW_CORE = {
    "io.ddbconnector.conf..", "io.ddbconnector.exceptions..", "io.ddbconnector.types..", "io.ddbconnector.table..",
    "io.ddbconnector.client..", "io.ddbconnector.throughput..", "io.ddbconnector.split..", "io.ddbconnector.read..",
    "io.ddbconnector.write..", "io.ddbconnector.plan..", "io.ddbconnector.export.."};

  @ArchTest
  static final ArchRule engineNeutralPackagesImportNoEngineAndNoBinding = noClasses()
      .that().resideInAnyPackage(NEUTRAL)
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.hadoop..", "org.apache.spark..", "org.apache.hive..", "scala..",
          "io.ddbconnector.hadoop..", "io.ddbconnector.mapred..", "io.ddbconnector.mapreduce..")
      .because("the core must run under any engine; the bindings depend on it, never the reverse");

  @ArchTest
  static final ArchRule packagesFormNoCycles = slices().matching("io.ddbconnector.(*)..")
      .namingSlices("package $1").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule exceptionsDependOnNoOtherConnectorPackage = leaf("exceptions");

  @ArchTest
  static final ArchRule typesDependOnNoOtherConnectorPackage = leaf("types");

  @ArchTest
  static final ArchRule confDependsOnNoOtherConnectorPackage = leaf("conf");

  @ArchTest
  static final ArchRule onlyTheBindingsUseTheFacade = noClasses()
      .that().resideInAnyPackage(BELOW_CORE)
      .should().dependOnClassesThat().resideInAPackage("io.ddbconnector.core..")
      .because("core is the façade over the other core packages: the bindings and engine modules call it");

  private static ArchRule leaf(String name) {
    String own = "io.ddbconnector." + name + "..";
    return classes().that().resideInAPackage(own)
        .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.ddbconnector..").or(resideInAPackage(own)))
        .because(name + " sits at the bottom: every layer may use it");
  }

  /** This module's main classes only: not its tests, not the test kit's classes on the test classpath. */
  static final class MainClassesOfThisModule implements ImportOption {
    private static final String MAIN =
        ConnectorOptions.class.getProtectionDomain().getCodeSource().getLocation().toString();

    @Override
    public boolean includes(Location location) {
      return location.asURI().toString().contains(MAIN);
    }
  }
}
