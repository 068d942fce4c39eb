package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlindIndexTest {
  private final KeyVersion v1 = KeyVersion.generate("v1");
  private final KeyVersion v2 = KeyVersion.generate("v2");
  private final BlindIndex email =
      BlindIndex.exact(Normalization.NFC, Normalization.TRIM, Normalization.LOWERCASE);

  @Test
  void sameValueSameVersion_sameIndex_otherContextOrVersion_other() {
    FieldCipher c = FieldCipher.create(Keyring.of("v1", List.of(v1, v2)));
    String a = c.blindIndex("alice@example.com", "users.email", email);
    assertThat(c.blindIndex("alice@example.com", "users.email", email)).isEqualTo(a);
    assertThat(a).startsWith("v1$").hasSize(3 + 43);
    assertThat(c.blindIndex("alice@example.com", "users.backup_email", email)).isNotEqualTo(a);
    assertThat(c.withActiveVersion("v2").blindIndex("alice@example.com", "users.email", email))
        .startsWith("v2$")
        .isNotEqualTo(a);
    assertThat(c.blindIndex("bob@example.com", "users.email", email)).isNotEqualTo(a);
    assertThat(BlindIndex.versionOf(a)).isEqualTo("v1");
  }

  @Test
  void normalization_makesEquivalentSpellingsMeet_butTheCiphertextKeepsTheValueAsWritten() {
    FieldCipher c = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    String canonical = c.blindIndex("amélie@exemple.fr", "users.email", email);
    assertThat(c.blindIndex("  Ame\u0301lie@Exemple.FR\t", "users.email", email))
        .isEqualTo(canonical);
    BlindIndex digits = BlindIndex.of(64, Normalization.DIGITS);
    assertThat(c.blindIndex("+55 (11) 98765-4321", "customers.phone", digits))
        .isEqualTo(c.blindIndex("5511987654321", "customers.phone", digits))
        // Arabic-Indic digits are decimal digits too
        .isEqualTo(c.blindIndex("٥٥١١٩٨٧٦٥٤٣٢١", "customers.phone", digits));
    BlindIndex none = BlindIndex.exact();
    assertThat(c.blindIndex("Alice", "t.c", none)).isNotEqualTo(c.blindIndex("alice", "t.c", none));
    String stored = c.encrypt("  Alice@Example.COM", "users.email");
    assertThat(c.decrypt(stored, "users.email")).isEqualTo("  Alice@Example.COM");
  }

  @Test
  void truncation_keepsTheBitsAsked_theRestZero() {
    FieldCipher c = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    for (int bits : new int[] {8, 13, 20, 32, 64, 255}) {
      String idx = c.blindIndex("x", "t.c", BlindIndex.of(bits));
      byte[] kept = Base64.getUrlDecoder().decode(idx.substring(3));
      assertThat(kept).as("bits " + bits).hasSize((bits + 7) / 8);
      int rest = kept.length * 8 - bits;
      assertThat(kept[kept.length - 1] & ((1 << rest) - 1)).as("bits " + bits).isZero();
      // a prefix of the exact index
      byte[] exact =
          Base64.getUrlDecoder().decode(c.blindIndex("x", "t.c", BlindIndex.exact()).substring(3));
      assertThat(kept[0]).isEqualTo(exact[0]);
    }
    // 8 bits: 256 buckets, so 2,000 distinct values collide
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      seen.add(c.blindIndex("value-" + i, "t.c", BlindIndex.of(8)));
    }
    assertThat(seen).hasSizeLessThanOrEqualTo(256);
  }

  @Test
  void blindIndexes_coverEveryVersion_activeFirst_andFollowALiveKeyring() {
    FieldCipher c = FieldCipher.create(Keyring.of("v2", List.of(v1, v2)));
    List<String> all = c.blindIndexes("alice@example.com", "users.email", email);
    assertThat(all).hasSize(2);
    assertThat(all.get(0)).isEqualTo(c.blindIndex("alice@example.com", "users.email", email));
    assertThat(all.get(1))
        .isEqualTo(c.withActiveVersion("v1").blindIndex("alice@example.com", "users.email", email));
    assertThat(c.blindIndexes(null, "users.email", email)).isEmpty();
    assertThat(c.blindIndex((String) null, "users.email", email)).isNull();
  }

  @Test
  void searchKey_isNotTheDataKey_ofTheSameVersionAndContext() {
    FieldCipher c = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    String idx = c.blindIndex("x", "t.c", BlindIndex.exact());
    byte[] dataKey =
        dev.fieldcrypt.core.internal.Hkdf.sha256(
            v1.key(),
            v1.salt(),
            ("fieldcrypt:aes-256-gcm:t.c").getBytes(StandardCharsets.UTF_8),
            32);
    byte[] macUnderDataKey = hmac(dataKey, "x".getBytes(StandardCharsets.UTF_8));
    assertThat(idx.substring(3))
        .isNotEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(macUnderDataKey));
  }

  @Test
  void reencryptIndexed_rewritesValueAndIndexUnderOneVersion_andBackfillsACurrentValue() {
    FieldCipher old = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    String stored = old.encrypt("Alice@Example.com", "users.email");
    FieldCipher c = FieldCipher.create(Keyring.of("v2", List.of(v1, v2)));

    FieldCipher.Indexed moved = c.reencryptIndexed(StoredValue.parse(stored), "users.email", email);
    assertThat(moved.value()).startsWith("v2:");
    assertThat(c.decrypt(moved.value(), "users.email")).isEqualTo("Alice@Example.com");
    assertThat(moved.index()).isEqualTo(c.blindIndex("alice@example.com", "users.email", email));
    assertThat(moved.toString()).doesNotContain(moved.index()).doesNotContain(moved.value());

    // already on v2: the value is kept as it is, the index computed (a backfill)
    FieldCipher.Indexed same =
        c.reencryptIndexed(StoredValue.parse(moved.value()), "users.email", email);
    assertThat(same.value()).isEqualTo(moved.value());
    assertThat(same.index()).isEqualTo(moved.index());

    // a job's view writes its own version, value and index alike
    FieldCipher.Indexed pinned =
        c.withActiveVersion("v1")
            .reencryptIndexed(StoredValue.parse(moved.value()), "users.email", email);
    assertThat(pinned.value()).startsWith("v1:");
    assertThat(pinned.index()).startsWith("v1$");

    FieldCipher.Indexed fresh = c.encryptIndexed(" ALICE@example.com", "users.email", email);
    assertThat(fresh.value()).startsWith("v2:");
    assertThat(fresh.index()).isEqualTo(moved.index());
    assertThat(c.reencryptIndexed(StoredValue.parse(null), "users.email", email).value()).isNull();
    assertThatThrownBy(
            () -> c.reencryptIndexed(StoredValue.parse(moved.value()), "users.other", email))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void badSpecs_failClearly() {
    assertThatThrownBy(() -> BlindIndex.of(7))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("8 to 256 bits, not 7");
    assertThatThrownBy(() -> BlindIndex.of(257)).hasMessageContaining("not 257");
    assertThatThrownBy(() -> BlindIndex.of(32, (Normalization) null)).hasMessageContaining("null");
    FieldCipher c = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    assertThatThrownBy(() -> c.blindIndex("x", "", BlindIndex.exact()))
        .hasMessageContaining("context");
    assertThatThrownBy(() -> c.blindIndex("x", "t.c", null)).hasMessageContaining("index");
    assertThat(BlindIndex.versionOf("v1:abc")).isNull();
    assertThat(BlindIndex.versionOf("$abc")).isNull();
    assertThat(BlindIndex.of(20, Normalization.TRIM).toString()).doesNotContain("$");
  }

  @Test
  void sizing_followsBothPublishedRules() {
    BlindIndexSizing s = BlindIndexSizing.recommend(1_000_000, 1_000_000);
    assertThat(s.minBits()).isEqualTo(10);
    assertThat(s.maxBits()).isEqualTo(18);
    assertThat(s.recommendedBits()).isEqualTo(18);
    assertThat(s.rowsPerLookup()).isBetween(4.0, 6.0);
    BlindIndexSizing few = BlindIndexSizing.recommend(1_000_000, 50);
    assertThat(few.maxBits()).isZero();
    assertThat(few.advice()).contains("too few");
    assertThatThrownBy(() -> BlindIndexSizing.recommend(10, 11)).hasMessageContaining("distinct");
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
      m.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
