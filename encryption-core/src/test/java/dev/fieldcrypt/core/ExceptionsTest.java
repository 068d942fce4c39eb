package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionsTest {
  private static List<RuntimeException> everyCoreException() {
    return List.of(
        new KeyringConfigException("k"),
        new InvalidArgumentException("i"),
        new UnknownKeyVersionException("v9", "users.otp", List.of("v1")),
        new DecryptionFailedException("v1", "users.otp"),
        new MalformedCiphertextException("users.otp", "no prefix"));
  }

  @Test
  void everyException_extendsTheOneRoot() {
    assertThat(everyCoreException())
        .allSatisfy(e -> assertThat(e).isInstanceOf(FieldcryptException.class));
  }

  @Test
  @SuppressWarnings("deprecation")
  void oldSpelling_stillCatchesEverything() {
    for (RuntimeException e : everyCoreException()) {
      try {
        throw e;
      } catch (FieldCryptException caught) {
        assertThat(caught).isSameAs(e);
      }
    }
    assertThat(FieldCryptException.class).isAssignableFrom(FieldcryptException.class);
    assertThat(FieldCryptException.class.getSuperclass()).isEqualTo(RuntimeException.class);
    assertThat(FieldCryptException.class.isAnnotationPresent(Deprecated.class)).isTrue();
  }

  @Test
  void columnContext_blankColumn_throwsInvalidArgument() {
    assertThatThrownBy(() -> ColumnContext.of("users", " "))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("table and column must be non-empty");
    assertThatThrownBy(() -> ColumnContext.of(null, "otp"))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
