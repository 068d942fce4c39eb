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
  void theRoot_isUnchecked_andNoClassOfTheCoreDiffersFromItOnlyInCase() throws Exception {
    assertThat(FieldcryptException.class.getSuperclass()).isEqualTo(RuntimeException.class);
    // A case-only twin (the first release's FieldCryptException) breaks checkouts and builds on
    // case-insensitive file systems.
    java.util.Set<String> seen = new java.util.HashSet<>();
    try (var files =
        java.nio.file.Files.list(java.nio.file.Path.of("src/main/java/dev/fieldcrypt/core"))) {
      for (String name : files.map(f -> f.getFileName().toString()).toList()) {
        assertThat(seen.add(name.toLowerCase(java.util.Locale.ROOT))).as(name).isTrue();
      }
    }
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
