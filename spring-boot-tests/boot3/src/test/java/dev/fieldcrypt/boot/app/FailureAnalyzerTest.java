package dev.fieldcrypt.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.spring.boot.internal.FieldcryptFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The analyzer finds fieldcrypt's error under Spring's wrappers and names the remedy. */
class FailureAnalyzerTest {
  @Test
  void unsupportedHibernate_deepInTheCauses_givesItsMessageAndTheVersionRemedy() {
    FieldcryptException cause =
        new FieldcryptException(
            "Hibernate ORM 5.6.15.Final offers no known way to register a converter instance;"
                + " fieldcrypt supports Hibernate ORM 6.6 and 7.0 to 7.4",
            null);
    Exception failure =
        new BeanCreationException(
            "entityManagerFactory",
            "Error creating bean",
            new IllegalStateException("wrapped", new RuntimeException("again", cause)));

    FailureAnalysis analysis = new FieldcryptFailureAnalyzer().analyze(failure);

    assertThat(analysis.getDescription())
        .isEqualTo("fieldcrypt: " + cause.getMessage())
        .doesNotContain("BeanCreationException");
    assertThat(analysis.getAction()).contains("Spring Boot's dependency management");
    assertThat(analysis.getCause()).isSameAs(cause);
  }

  @Test
  void otherFailures_areLeftToBoot() {
    assertThat(new FieldcryptFailureAnalyzer().analyze(new IllegalStateException("x"))).isNull();
  }
}
