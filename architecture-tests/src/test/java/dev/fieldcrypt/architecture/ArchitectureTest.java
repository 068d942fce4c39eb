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
 * Key-source modules sit on core alone and know no other: vault ({@code dev.fieldcrypt.vault}), aws
 * ({@code dev.fieldcrypt.aws}), azure ({@code dev.fieldcrypt.azure}), gcp ({@code
 * dev.fieldcrypt.gcp}); only the CLI holds them all.
 */
class ArchitectureTest {
  private static final String CORE = "dev.fieldcrypt.core..";
  private static final String DB = "dev.fieldcrypt.db..";
  private static final String HIBERNATE = "dev.fieldcrypt.hibernate..";
  private static final String BRIDGE = "dev.fieldcrypt.jobs.hibernate..";
  private static final String CLI = "dev.fieldcrypt.cli..";
  private static final String SAMPLE = "dev.fieldcrypt.sample..";
  private static final String VAULT = "dev.fieldcrypt.vault..";
  private static final String AWS = "dev.fieldcrypt.aws..";
  private static final String AZURE = "dev.fieldcrypt.azure..";
  private static final String GCP = "dev.fieldcrypt.gcp..";
  private static final String SPRING = "dev.fieldcrypt.spring..";

  /** The modules that hold a keyring in a store (or wrap its key): each an optional dependency. */
  private static final String[] KEY_SOURCES = {VAULT, AWS, AZURE, GCP};

  /** The modules that handle stored values: the only ones the stored-value rules speak of. */
  private static final String[] VALUE_MODULES = {
    CORE, DB, HIBERNATE, "dev.fieldcrypt.jobs..", CLI, SAMPLE
  };

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
          "dev.fieldcrypt.vault",
          "dev.fieldcrypt.aws",
          "dev.fieldcrypt.azure",
          "dev.fieldcrypt.gcp",
          "dev.fieldcrypt.spring.boot"
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
    knowsOnlyCore(CORE, KEY_SOURCES);
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
                HIBERNATE,
                "dev.fieldcrypt.jobs..",
                CLI,
                SAMPLE,
                VAULT,
                AWS,
                AZURE,
                GCP,
                "org.hibernate.."));
  }

  /**
   * A key-source module knows core only: no JDBC, JPA, Hibernate, jobs, CLI, and no other
   * key-source module (a user adds one without the others' SDKs).
   */
  @Test
  void everyKeySourceModule_knowsOnlyCore() {
    for (String source : KEY_SOURCES) {
      String[] others =
          java.util.Arrays.stream(KEY_SOURCES)
              .filter(s -> !s.equals(source))
              .toArray(String[]::new);
      knowsOnlyCore(source, others);
    }
  }

  /** Only the CLI (and the demo) brings every key-source module; the libraries bring none. */
  @Test
  void noLibraryDependsOnAKeySourceModule() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(CORE, DB, HIBERNATE, "dev.fieldcrypt.jobs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(KEY_SOURCES));
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
            .resideInAnyPackage(
                CORE, DB, HIBERNATE, "dev.fieldcrypt.jobs..", VAULT, AWS, AZURE, GCP)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(CLI, SAMPLE, SPRING));
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
      {"dev.fieldcrypt.aws..", "dev.fieldcrypt.aws.internal.."},
      {"dev.fieldcrypt.azure..", "dev.fieldcrypt.azure.internal.."},
      {"dev.fieldcrypt.gcp..", "dev.fieldcrypt.gcp.internal.."},
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
    // The key-source modules' public errors too; Vault's private retry signal stays in VaultHttp.
    check(
        classes()
            .that()
            .resideInAnyPackage(KEY_SOURCES)
            .and()
            .arePublic()
            .and()
            .areAssignableTo(Throwable.class)
            .should()
            .beAssignableTo("dev.fieldcrypt.core.FieldcryptException"));
  }

  /**
   * Stored values are parsed in one class. Base64 is how a stored body is read, so in the modules
   * that handle stored values, outside the format class only the keyring file code of {@code
   * dev.fieldcrypt.core.dotenv} (keys and salts are base64 in {@code .env.crypto}) may decode it.
   * The key-source modules never see a stored value; their stores speak base64 of their own (Vault
   * Transit's and Cloud KMS's data keys, JSON payloads).
   */
  @Test
  void storedValues_areParsedOnlyByStoredValue() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(VALUE_MODULES)
            .and()
            .doNotHaveFullyQualifiedName("dev.fieldcrypt.core.StoredValue")
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
