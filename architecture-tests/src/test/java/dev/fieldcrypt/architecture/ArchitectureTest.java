package dev.fieldcrypt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md as rules over the main classes of every module: a rule
 * broken here fails {@code mvn verify}. Modules, bottom to top: encryption-core ({@code
 * dev.fieldcrypt.core}) and db ({@code dev.fieldcrypt.db}); hibernate-converter ({@code
 * dev.fieldcrypt.hibernate}); reencrypt-jobs ({@code dev.fieldcrypt.jobs}); the bridge
 * hibernate-jobs ({@code dev.fieldcrypt.jobs.hibernate}); cli ({@code dev.fieldcrypt.cli}).
 * Key-source modules sit on core alone: vault ({@code dev.fieldcrypt.vault}).
 */
class ArchitectureTest {
  private static final String CORE = "dev.fieldcrypt.core..";
  private static final String DB = "dev.fieldcrypt.db..";
  private static final String HIBERNATE = "dev.fieldcrypt.hibernate..";
  private static final String BRIDGE = "dev.fieldcrypt.jobs.hibernate..";
  private static final String CLI = "dev.fieldcrypt.cli..";
  private static final String SAMPLE = "dev.fieldcrypt.sample..";
  private static final String VAULT = "dev.fieldcrypt.vault..";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fieldcrypt");
  }

  private static void check(ArchRule rule) {
    rule.check(main);
  }

  @Test
  void theClassesOfEveryModuleAreImported() {
    // Guards the rules below against passing on an empty import (a moved module, a bad path).
    for (String pkg :
        new String[] {
          "dev.fieldcrypt.core",
          "dev.fieldcrypt.db",
          "dev.fieldcrypt.hibernate",
          "dev.fieldcrypt.jobs",
          "dev.fieldcrypt.jobs.hibernate",
          "dev.fieldcrypt.cli",
          "dev.fieldcrypt.vault"
        }) {
      org.assertj.core.api.Assertions.assertThat(main.containPackage(pkg)).as(pkg).isTrue();
    }
  }

  /**
   * What a module at the bottom (core, a key source) must not know: the layers above, JDBC, JPA.
   */
  private static final String[] ABOVE_CORE = {
    DB,
    HIBERNATE,
    "dev.fieldcrypt.jobs..",
    CLI,
    SAMPLE,
    "java.sql..",
    "javax.sql..",
    "jakarta.persistence..",
    "org.hibernate.."
  };

  private static void knowsOnlyCore(String pkg, String... alsoForbidden) {
    String[] forbidden =
        java.util.Arrays.copyOf(ABOVE_CORE, ABOVE_CORE.length + alsoForbidden.length);
    System.arraycopy(alsoForbidden, 0, forbidden, ABOVE_CORE.length, alsoForbidden.length);
    check(
        noClasses()
            .that()
            .resideInAPackage(pkg)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(forbidden));
  }

  @Test
  void core_knowsNoOtherModule_andNoJdbcOrJpa() {
    knowsOnlyCore(CORE, VAULT);
  }

  @Test
  void db_knowsOnlyCore() {
    check(
        noClasses()
            .that()
            .resideInAPackage(DB)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                HIBERNATE, "dev.fieldcrypt.jobs..", CLI, SAMPLE, VAULT, "org.hibernate.."));
  }

  /** A key-source module knows core only: no JDBC, JPA, Hibernate, jobs, CLI or other sources. */
  @Test
  void vault_knowsOnlyCore() {
    knowsOnlyCore(VAULT);
  }

  @Test
  void converter_knowsNeitherJobsNorDbNorCli() {
    check(
        noClasses()
            .that()
            .resideInAPackage(HIBERNATE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.fieldcrypt.jobs..", DB, CLI, SAMPLE));
  }

  @Test
  void jobs_arePlainJdbc_withoutHibernateOrTheConverter() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.fieldcrypt.jobs")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                HIBERNATE, BRIDGE, CLI, SAMPLE, "org.hibernate..", "jakarta.persistence.."));
  }

  @Test
  void noLibraryReachesUpIntoTheCliOrTheDemo() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(CORE, DB, HIBERNATE, "dev.fieldcrypt.jobs..", VAULT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(CLI, SAMPLE));
  }

  @Test
  void noModuleImportsAnotherModulesInternals() {
    String[][] modules = {
      {"dev.fieldcrypt.core..", "dev.fieldcrypt.core.internal.."},
      {"dev.fieldcrypt.db..", "dev.fieldcrypt.db.internal.."},
      {"dev.fieldcrypt.hibernate..", "dev.fieldcrypt.hibernate.internal.."},
      {"dev.fieldcrypt.jobs", "dev.fieldcrypt.jobs.internal.."},
      {"dev.fieldcrypt.jobs.hibernate..", "dev.fieldcrypt.jobs.hibernate.internal.."},
      {"dev.fieldcrypt.cli..", "dev.fieldcrypt.cli.internal.."},
      {"dev.fieldcrypt.vault..", "dev.fieldcrypt.vault.internal.."},
    };
    for (String[] m : modules) {
      check(
          noClasses()
              .that()
              .resideOutsideOfPackages(m[0], m[1])
              .should()
              .dependOnClassesThat()
              .resideInAPackage(m[1]));
    }
  }

  @Test
  void libraryErrors_areOneHierarchy_rootedAtFieldcryptException() {
    check(
        classes()
            .that()
            .resideInAnyPackage(CORE, DB, HIBERNATE, "dev.fieldcrypt.jobs..")
            .and()
            .areAssignableTo(Throwable.class)
            .should()
            .beAssignableTo("dev.fieldcrypt.core.FieldcryptException"));
    check(
        noClasses()
            .that()
            .resideInAnyPackage(CORE, DB, HIBERNATE, "dev.fieldcrypt.jobs..")
            .should()
            .callConstructor(IllegalArgumentException.class, String.class)
            .orShould()
            .callConstructor(IllegalStateException.class, String.class)
            .orShould()
            .callConstructor(IllegalStateException.class, String.class, Throwable.class));
    // The vault module's public errors too; its private retry signal stays inside VaultHttp.
    check(
        classes()
            .that()
            .resideInAPackage(VAULT)
            .and()
            .arePublic()
            .and()
            .areAssignableTo(Throwable.class)
            .should()
            .beAssignableTo("dev.fieldcrypt.core.FieldcryptException"));
  }

  /**
   * Stored values are parsed in one class. Base64 is how a stored body is read, so outside the
   * format class only the keyring file code of {@code dev.fieldcrypt.core.dotenv} (keys and salts
   * are base64 in {@code .env.crypto}) may decode it.
   */
  @Test
  void storedValues_areParsedOnlyByStoredValue() {
    check(
        noClasses()
            .that()
            .doNotHaveFullyQualifiedName("dev.fieldcrypt.core.StoredValue")
            // Vault's Transit API returns data keys in base64: not stored values.
            .and()
            .doNotHaveFullyQualifiedName("dev.fieldcrypt.vault.VaultTransitKeyWrapper")
            .and()
            .resideOutsideOfPackages("dev.fieldcrypt.core.dotenv..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.util.Base64$Decoder"));
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage(CORE)
            .should()
            .callMethod(
                "dev.fieldcrypt.core.FieldCipher", "looksLikeCiphertext", "java.lang.String"));
  }
}
