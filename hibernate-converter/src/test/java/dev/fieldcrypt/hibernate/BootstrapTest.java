package dev.fieldcrypt.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringFile;
import dev.fieldcrypt.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the keyring reaches Hibernate, and what bootstrap refuses. */
class BootstrapTest {
  @TempDir Path dir;

  @Test
  void keyringFileSetting_loadsKeyringFromFile() {
    Path file = dir.resolve(".env.crypto");
    KeyringFile.write(file, Keyring.of("v7", List.of(KeyVersion.generate("v7"))));
    TestDatabase db = TestDatabase.h2();
    try (SessionFactory sf =
        Sessions.build(
            db, Map.of(FieldcryptSettings.KEYRING_FILE, file.toString()), Account.class)) {
      sf.inTransaction(s -> s.persist(new Account(1L, "a", "otp", "tok", null)));
      assertThat(sf.fromTransaction(s -> s.find(Account.class, 1L)).otpSecret).isEqualTo("otp");
    }
  }

  @Test
  void defaultContext_followsPhysicalNamingStrategy() throws Exception {
    Keyring k = Keyring.of("v1", List.of(KeyVersion.generate("v1")));
    TestDatabase db = TestDatabase.h2();
    try (SessionFactory sf =
        Sessions.build(
            db,
            Map.of(
                FieldcryptSettings.KEYRING,
                k,
                "hibernate.physical_naming_strategy",
                PrefixSnakeCaseNaming.class.getName()),
            Vault.class)) {
      sf.inTransaction(
          s -> {
            Vault v = new Vault();
            v.id = 1L;
            v.secretValue = "s3cret";
            s.persist(v);
          });
    }
    try (var c = db.connect();
        var rs = c.createStatement().executeQuery("SELECT secret_value FROM fc_vault")) {
      assertThat(rs.next()).isTrue();
      assertThat(FieldCipher.create(k).decrypt(rs.getString(1), "fc_vault.secret_value"))
          .isEqualTo("s3cret");
    }
  }

  @Test
  void missingKeyringFile_failsBootstrapNamingTheSetting() {
    Path missing = dir.resolve("nope.env");
    assertThatThrownBy(
            () ->
                Sessions.build(
                    TestDatabase.h2(),
                    Map.of(FieldcryptSettings.KEYRING_FILE, missing.toString()),
                    Account.class))
        .hasStackTraceContaining("@Encrypted on dev.fieldcrypt.hibernate.Account.")
        .hasStackTraceContaining("needs a keyring")
        .hasStackTraceContaining(missing.toString())
        .hasStackTraceContaining("from setting 'fieldcrypt.keyring.file'");
  }

  @Test
  void emptyKeyringFileSetting_failsBootstrapSayingItIsEmpty() {
    assertThatThrownBy(
            () ->
                Sessions.build(
                    TestDatabase.h2(), Map.of(FieldcryptSettings.KEYRING_FILE, " "), Account.class))
        .hasStackTraceContaining("setting 'fieldcrypt.keyring.file' is empty")
        .hasStackTraceContaining("remove it to use .env.crypto");
  }

  @Test
  void keyringSettingOfWrongType_isRejected() {
    assertThatThrownBy(
            () ->
                Sessions.build(
                    TestDatabase.h2(),
                    Map.of(FieldcryptSettings.KEYRING, "not-a-keyring"),
                    Account.class))
        .hasStackTraceContaining("setting 'fieldcrypt.keyring' holds a java.lang.String");
  }

  @Test
  void encryptedOnAnUnsupportedType_failsBootstrapWithClearMessage() {
    Keyring k = Keyring.of("v1", List.of(KeyVersion.generate("v1")));
    assertThatThrownBy(
            () ->
                Sessions.build(
                    TestDatabase.h2(), Map.of(FieldcryptSettings.KEYRING, k), BadlyTyped.class))
        .hasStackTraceContaining(
            "@Encrypted on dev.fieldcrypt.hibernate.BadlyTyped.locale of type java.util.Locale")
        .hasStackTraceContaining("fieldcrypt encrypts String, byte[] and")
        .hasStackTraceContaining("LocalDate");
  }
}
