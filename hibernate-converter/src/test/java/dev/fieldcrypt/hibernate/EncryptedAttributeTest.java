package dev.fieldcrypt.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.DecryptionFailedException;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.MalformedCiphertextException;
import dev.fieldcrypt.core.UnknownKeyVersionException;
import dev.fieldcrypt.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips through Hibernate on H2 and on the real PostgreSQL. */
class EncryptedAttributeTest {
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");
  private final List<SessionFactory> open = new ArrayList<>();

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("conv")));
  }

  @AfterEach
  void close() {
    open.forEach(SessionFactory::close);
  }

  private SessionFactory factory(TestDatabase db, Keyring keyring) {
    SessionFactory sf =
        Sessions.build(db, Map.of(FieldcryptSettings.KEYRING, keyring), Account.class);
    open.add(sf);
    return sf;
  }

  private static String raw(TestDatabase db, String column, long id) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + column + " FROM accounts WHERE id = " + id)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static Throwable rootOf(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void persist_storesCiphertextInColumn_andReloadsPlaintext(String name, TestDatabase db)
      throws SQLException {
    SessionFactory sf = factory(db, Keyring.of("v1", List.of(v1)));
    byte[] codes = "1111-2222-3333".getBytes(StandardCharsets.UTF_8);
    sf.inTransaction(
        s -> s.persist(new Account(1L, "a@x", "JBSWY3DPEHPK3PXP", "tok_live_abc", codes)));

    String otpRaw = raw(db, "otp_secret", 1);
    assertThat(otpRaw).startsWith("v1:").doesNotContain("JBSWY3DPEHPK3PXP");
    assertThat(raw(db, "api_token_v2", 1)).startsWith("v1:").doesNotContain("tok_live_abc");
    assertThat(raw(db, "recovery_codes", 1)).startsWith("v1:").doesNotContain("1111");
    assertThat(raw(db, "email", 1)).isEqualTo("a@x");

    Account back = sf.fromTransaction(s -> s.find(Account.class, 1L));
    assertThat(back.otpSecret).isEqualTo("JBSWY3DPEHPK3PXP");
    assertThat(back.apiToken).isEqualTo("tok_live_abc");
    assertThat(back.recoveryCodes).isEqualTo(codes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void defaultContext_isLowerCaseTableDotColumn_explicitContextWins(String name, TestDatabase db)
      throws SQLException {
    Keyring keyring = Keyring.of("v1", List.of(v1));
    SessionFactory sf = factory(db, keyring);
    sf.inTransaction(s -> s.persist(new Account(2L, "b@x", "otp", "tok", null)));
    FieldCipher cipher = FieldCipher.create(keyring);
    assertThat(cipher.decrypt(raw(db, "otp_secret", 2), "accounts.otp_secret")).isEqualTo("otp");
    assertThat(cipher.decrypt(raw(db, "api_token_v2", 2), "accounts.api_token")).isEqualTo("tok");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void nullStaysNull_emptyStringRoundTrips(String name, TestDatabase db) throws SQLException {
    SessionFactory sf = factory(db, Keyring.of("v1", List.of(v1)));
    sf.inTransaction(s -> s.persist(new Account(3L, "c@x", null, "", null)));
    assertThat(raw(db, "otp_secret", 3)).isNull();
    assertThat(raw(db, "recovery_codes", 3)).isNull();
    assertThat(raw(db, "api_token_v2", 3)).startsWith("v1:");
    Account back = sf.fromTransaction(s -> s.find(Account.class, 3L));
    assertThat(back.otpSecret).isNull();
    assertThat(back.apiToken).isEmpty();
    assertThat(back.recoveryCodes).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void keyringWithV1AndV2_readsMixOfRows_writesV2(String name, TestDatabase db)
      throws SQLException {
    SessionFactory old = factory(db, Keyring.of("v1", List.of(v1)));
    old.inTransaction(s -> s.persist(new Account(10L, "old@x", "old-otp", "old-tok", null)));
    old.close();
    open.remove(old);

    SessionFactory rotated = factory(db, Keyring.of("v2", List.of(v1, v2)));
    rotated.inTransaction(s -> s.persist(new Account(11L, "new@x", "new-otp", "new-tok", null)));
    assertThat(raw(db, "otp_secret", 10)).startsWith("v1:");
    assertThat(raw(db, "otp_secret", 11)).startsWith("v2:");

    List<Account> all =
        rotated.fromTransaction(
            s -> s.createSelectionQuery("from Account order by id", Account.class).getResultList());
    assertThat(all).extracting(a -> a.otpSecret).containsExactly("old-otp", "new-otp");

    // an update through the ORM re-encrypts with the active version
    rotated.inTransaction(s -> s.find(Account.class, 10L).otpSecret = "changed");
    assertThat(raw(db, "otp_secret", 10)).startsWith("v2:");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void valueCopiedToAnotherColumn_failsToDecrypt(String name, TestDatabase db) {
    SessionFactory sf = factory(db, Keyring.of("v1", List.of(v1)));
    sf.inTransaction(s -> s.persist(new Account(20L, "d@x", "otp", "tok", null)));
    db.execute("UPDATE accounts SET api_token_v2 = otp_secret WHERE id = 20");
    assertThatThrownBy(() -> sf.fromTransaction(s -> s.find(Account.class, 20L)))
        .satisfies(
            e ->
                assertThat(rootOf(e))
                    .isInstanceOf(DecryptionFailedException.class)
                    .hasMessageContaining("accounts.api_token"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void bitFlippedValue_givesTypedError(String name, TestDatabase db) throws SQLException {
    SessionFactory sf = factory(db, Keyring.of("v1", List.of(v1)));
    sf.inTransaction(s -> s.persist(new Account(30L, "e@x", "otp", "tok", null)));
    String stored = raw(db, "otp_secret", 30);
    byte[] body = Base64.getDecoder().decode(stored.substring(3));
    body[14] ^= 0x01;
    db.execute(
        "UPDATE accounts SET otp_secret = 'v1:"
            + Base64.getEncoder().encodeToString(body)
            + "' WHERE id = 30");
    assertThatThrownBy(() -> sf.fromTransaction(s -> s.find(Account.class, 30L)))
        .satisfies(
            e ->
                assertThat(rootOf(e))
                    .isInstanceOf(DecryptionFailedException.class)
                    .hasMessageContaining("accounts.otp_secret")
                    .hasMessageNotContaining("otp'"));
  }

  /** The classification rule of docs/format.md as the converter applies it on read. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void storedValueOfEveryClass_isReadOrRefusedByItsRule(String name, TestDatabase db)
      throws SQLException {
    SessionFactory sf = factory(db, Keyring.of("v1", List.of(v1)));
    sf.inTransaction(s -> s.persist(new Account(50L, "g@x", "otp", "tok", null)));
    String good = raw(db, "otp_secret", 50);
    String body28 = Base64.getEncoder().encodeToString(new byte[28]);
    Map<String, Class<? extends Exception>> cases = new LinkedHashMap<>();
    cases.put("v1:hello", MalformedCiphertextException.class); // damaged
    cases.put("v1:", MalformedCiphertextException.class); // damaged
    cases.put(
        "v3:" + Base64.getEncoder().encodeToString(new byte[27]),
        MalformedCiphertextException.class);
    cases.put(good.replaceAll("=+$", ""), MalformedCiphertextException.class); // unpadded
    cases.put("zz:" + body28, UnknownKeyVersionException.class); // unknown version
    cases.put("note:hello", MalformedCiphertextException.class); // plaintext
    cases.put("plain", MalformedCiphertextException.class); // plaintext
    assertThat(good).endsWith("=");
    for (Map.Entry<String, Class<? extends Exception>> c : cases.entrySet()) {
      db.execute("UPDATE accounts SET otp_secret = '" + c.getKey() + "' WHERE id = 50");
      assertThatThrownBy(() -> sf.fromTransaction(s -> s.find(Account.class, 50L)))
          .as(c.getKey())
          .satisfies(e -> assertThat(rootOf(e)).isInstanceOf(c.getValue()));
    }
    db.execute("UPDATE accounts SET otp_secret = '" + good + "' WHERE id = 50");
    assertThat(sf.fromTransaction(s -> s.find(Account.class, 50L)).otpSecret).isEqualTo("otp");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void rowOfRemovedVersion_givesUnknownVersionError(String name, TestDatabase db) {
    SessionFactory withV2 = factory(db, Keyring.of("v2", List.of(v1, v2)));
    withV2.inTransaction(s -> s.persist(new Account(40L, "f@x", "otp", "tok", null)));
    SessionFactory onlyV1 = factory(db, Keyring.of("v1", List.of(v1)));
    assertThatThrownBy(() -> onlyV1.fromTransaction(s -> s.find(Account.class, 40L)))
        .satisfies(
            e ->
                assertThat(rootOf(e))
                    .isInstanceOf(UnknownKeyVersionException.class)
                    .hasMessageContaining("'v2'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void valueTooLongForDeclaredColumn_failsClearly_andWritesNothing(String name, TestDatabase db)
      throws SQLException {
    SessionFactory sf = factory(db, Keyring.of("v1", List.of(v1)));
    Account a = new Account(50L, "g@x", "otp", "tok", null);
    a.shortNote = "x".repeat(40); // 40 bytes -> 3 + 4*ceil(68/3) = 95 chars > 60
    assertThatThrownBy(() -> sf.inTransaction(s -> s.persist(a)))
        .satisfies(
            e ->
                assertThat(rootOf(e))
                    .isInstanceOf(EncryptedValueTooLongException.class)
                    .hasMessageContaining("'accounts.short_note' needs 95 characters")
                    .hasMessageContaining("length 60"));
    try (Connection c = db.connect();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM accounts WHERE id = 50")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
    Account fits = new Account(51L, "h@x", "otp", "tok", null);
    fits.shortNote = "x".repeat(10); // 3 + 4*ceil(38/3) = 55 chars
    sf.inTransaction(s -> s.persist(fits));
    assertThat(sf.fromTransaction(s -> s.find(Account.class, 51L)).shortNote)
        .isEqualTo("x".repeat(10));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void twoSessionFactoriesWithDifferentKeyrings_doNotShareKeys(String name, TestDatabase db) {
    KeyVersion otherV1 = KeyVersion.generate("v1");
    SessionFactory a = factory(db, Keyring.of("v1", List.of(v1)));
    SessionFactory b = factory(db, Keyring.of("v1", List.of(otherV1)));
    a.inTransaction(s -> s.persist(new Account(60L, "i@x", "otp", "tok", null)));
    assertThat(a.fromTransaction(s -> s.find(Account.class, 60L)).otpSecret).isEqualTo("otp");
    assertThatThrownBy(() -> b.fromTransaction(s -> s.find(Account.class, 60L)))
        .satisfies(e -> assertThat(rootOf(e)).isInstanceOf(DecryptionFailedException.class));
  }
}
