package dev.fieldcrypt.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Fails an execution whose class path holds another Hibernate ORM than the line it names, so that a
 * misconfigured execution does not test the project's own version again. Reflection: this module
 * compiles without Hibernate, each execution brings its own.
 */
class HibernateLineTest {

  @Test
  void theClassPathHoldsTheNamedHibernateLine() throws ReflectiveOperationException {
    String line = System.getProperty("fieldcrypt.hibernate.line");
    assertThat(line).as("system property fieldcrypt.hibernate.line").isNotBlank();
    String loaded =
        (String) Class.forName("org.hibernate.Version").getMethod("getVersionString").invoke(null);
    String persistence =
        Class.forName("jakarta.persistence.Entity").getPackage().getImplementationVersion();
    System.out.println(
        "fieldcrypt compat: Hibernate ORM "
            + loaded
            + " loaded (line "
            + line
            + "), Jakarta Persistence "
            + persistence);
    assertThat(loaded).startsWith(line + ".");
  }
}
