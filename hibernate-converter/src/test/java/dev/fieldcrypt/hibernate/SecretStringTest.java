package dev.fieldcrypt.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.testing.TestDatabase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SecretString}: decrypted on first access, written back as loaded when unchanged. */
class SecretStringTest {
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final List<SessionFactory> open = new ArrayList<>();

  @Entity
  @Table(name = "vaulted")
  static class Vaulted {
    @Id Long id;
    String name;

    @Encrypted
    @Column(length = 200)
    SecretString otp;
  }

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("secret")));
  }

  @AfterEach
  void close() {
    open.forEach(SessionFactory::close);
  }

  private SessionFactory sf(TestDatabase db) {
    SessionFactory sf =
        Sessions.build(
            db, Map.of(FieldcryptSettings.KEYRING, Keyring.of("v1", List.of(v1))), Vaulted.class);
    open.add(sf);
    return sf;
  }

  private static String raw(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT otp FROM vaulted WHERE id = 1")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void loadedValues_stayEncryptedUntilRevealed_andAreWrittenBackAsLoaded(
      String name, TestDatabase db) throws SQLException {
    db.execute("DROP TABLE IF EXISTS vaulted");
    SessionFactory sf = sf(db);
    Vaulted v = new Vaulted();
    v.id = 1L;
    v.name = "a";
    v.otp = SecretString.of("JBSWY3DPEHPK3PXP");
    sf.inTransaction(s -> s.persist(v));
    String stored = raw(db);
    assertThat(stored).startsWith("v1:");

    Vaulted loaded = sf.fromTransaction(s -> s.find(Vaulted.class, 1L));
    assertThat(loaded.otp.isRevealed()).isFalse();
    assertThat(loaded.otp.toString()).isEqualTo("SecretString[not revealed]");
    assertThat(loaded.otp.reveal()).isEqualTo("JBSWY3DPEHPK3PXP");
    assertThat(loaded.otp.isRevealed()).isTrue();
    assertThat(loaded.otp.toString()).doesNotContain("JBSW");

    // another attribute changes: the secret is neither decrypted nor encrypted again
    boolean[] revealed = new boolean[1];
    sf.inTransaction(
        s -> {
          Vaulted x = s.find(Vaulted.class, 1L);
          x.name = "b";
          s.flush();
          revealed[0] = x.otp.isRevealed();
        });
    assertThat(revealed[0]).isFalse();
    assertThat(raw(db)).isEqualTo(stored);

    // a new value is encrypted
    sf.inTransaction(s -> s.find(Vaulted.class, 1L).otp = SecretString.of("NEW"));
    assertThat(raw(db)).startsWith("v1:").isNotEqualTo(stored);
    assertThat(sf.fromTransaction(s -> s.find(Vaulted.class, 1L)).otp.reveal()).isEqualTo("NEW");

    sf.inTransaction(s -> s.find(Vaulted.class, 1L).otp = null);
    assertThat(raw(db)).isNull();
    assertThatThrownBy(() -> SecretString.of(null)).isInstanceOf(InvalidArgumentException.class);
    assertThat(SecretString.of("x")).isEqualTo(SecretString.of("x"));
  }
}
