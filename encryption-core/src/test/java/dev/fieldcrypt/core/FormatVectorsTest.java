package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.internal.Hkdf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire format to the vectors published in docs/format.md (read from the file itself, so
 * the document cannot drift from the code).
 */
class FormatVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern BLOCK = Pattern.compile("```vector\\n(.*?)```", Pattern.DOTALL);

  private static final Pattern BLIND_INDEX =
      Pattern.compile("```blind-index-vector\\n(.*?)```", Pattern.DOTALL);

  private static final Pattern REJECTED = Pattern.compile("```rejected\\n(.*?)```", Pattern.DOTALL);

  private static List<Map<String, String>> vectors() throws IOException {
    return blocks(BLOCK);
  }

  private static List<Map<String, String>> blocks(Pattern block) throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "format.md"), StandardCharsets.UTF_8);
    List<Map<String, String>> out = new ArrayList<>();
    Matcher m = block.matcher(doc);
    while (m.find()) {
      Map<String, String> v = new LinkedHashMap<>();
      for (String line : m.group(1).split("\n")) {
        int colon = line.indexOf(": ");
        if (colon > 0) {
          v.put(line.substring(0, colon), line.substring(colon + 2));
        } else if (line.endsWith(":")) {
          v.put(line.substring(0, line.length() - 1), "");
        }
      }
      out.add(v);
    }
    return out;
  }

  private static KeyVersion versionOf(Map<String, String> v) {
    Base64.Decoder b64 = Base64.getDecoder();
    return KeyVersion.of(
        v.get("version"),
        b64.decode(v.get("key-base64")),
        b64.decode(v.get("salt-base64")),
        v.get("salt-sha256-hex"));
  }

  @Test
  void docsBlindIndexVectors_reproducedByteForByte() throws IOException {
    List<Map<String, String>> vectors = blocks(BLIND_INDEX);
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(3);
    for (Map<String, String> v : vectors) {
      Base64.Decoder b64 = Base64.getDecoder();
      KeyVersion version =
          KeyVersion.of(
              v.get("version"), b64.decode(v.get("key-base64")), b64.decode(v.get("salt-base64")));
      String context = v.get("context");
      byte[] info =
          ("fieldcrypt:blind-index:hmac-sha256:" + context).getBytes(StandardCharsets.UTF_8);
      assertThat(HEX.formatHex(info)).as(v.get("name")).isEqualTo(v.get("hkdf-info-hex"));
      assertThat(
              HEX.formatHex(
                  dev.fieldcrypt.core.internal.Hkdf.sha256(
                      version.key(), version.salt(), info, 32)))
          .as(v.get("name"))
          .isEqualTo(v.get("search-key-hex"));
      Normalization[] steps =
          java.util.Arrays.stream(v.get("normalization").split(","))
              .map(Normalization::valueOf)
              .toArray(Normalization[]::new);
      BlindIndex index = BlindIndex.of(Integer.parseInt(v.get("bits")), steps);
      String value = new String(HEX.parseHex(v.get("value-hex")), StandardCharsets.UTF_8);
      assertThat(HEX.formatHex(index.normalize(value).getBytes(StandardCharsets.UTF_8)))
          .as(v.get("name"))
          .isEqualTo(v.get("normalized-hex"));
      FieldCipher cipher = FieldCipher.create(Keyring.of(version.label(), List.of(version)));
      assertThat(cipher.blindIndex(value, context, index))
          .as(v.get("name"))
          .isEqualTo(v.get("index"));
    }
  }

  @Test
  void docsVectors_atLeastThree_allReproducedByteForByte() throws IOException {
    List<Map<String, String>> vectors = vectors();
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(3);
    for (Map<String, String> v : vectors) {
      String name = v.get("name");
      KeyVersion kv = versionOf(v);
      String context = v.get("context");
      byte[] info = (FieldCipher.HKDF_INFO_PREFIX + context).getBytes(StandardCharsets.UTF_8);
      assertThat(HEX.formatHex(info)).as(name + " info").isEqualTo(v.get("hkdf-info-hex"));
      assertThat(HEX.formatHex(Hkdf.sha256(kv.key(), kv.salt(), info, 32)))
          .as(name + " data key")
          .isEqualTo(v.get("data-key-hex"));
      assertThat(HEX.formatHex(context.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(v.get("aad-hex"));

      byte[] plaintext = HEX.parseHex(v.get("plaintext-hex"));
      assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(v.get("plaintext-utf8"));
      FieldCipher cipher = FieldCipher.create(Keyring.of(kv.label(), List.of(kv)));
      String stored = cipher.sealWithNonce(plaintext, context, HEX.parseHex(v.get("nonce-hex")));
      assertThat(stored).as(name + " ciphertext").isEqualTo(v.get("ciphertext"));
      assertThat(cipher.decryptBytes(v.get("ciphertext"), context)).isEqualTo(plaintext);
      assertThat(cipher.versionOf(stored)).isEqualTo(kv.label());
      assertThat(stored.length())
          .isEqualTo(FieldCipher.ciphertextLength(plaintext.length, kv.label().length()));
    }
  }

  /**
   * The rejected-value vectors of docs/format.md: each is classified as the document says (with a
   * keyring holding the first vector's version), and none decrypts: the converter refuses it with
   * the exception of its class.
   */
  @Test
  void docsRejectedVectors_areClassifiedAsDocumented_andNeverDecrypt() throws IOException {
    List<Map<String, String>> rejected = blocks(REJECTED);
    assertThat(rejected).hasSizeGreaterThanOrEqualTo(7);
    Map<String, String> first = vectors().get(0);
    KeyVersion kv = versionOf(first);
    Keyring keyring = Keyring.of(kv.label(), List.of(kv));
    FieldCipher cipher = FieldCipher.create(keyring);
    String context = first.get("context");
    for (Map<String, String> v : rejected) {
      String name = v.get("name");
      String stored = v.get("stored");
      StoredValue.Kind expected =
          switch (v.get("class")) {
            case "damaged" -> StoredValue.Kind.DAMAGED;
            case "plaintext" -> StoredValue.Kind.PLAINTEXT;
            case "unknown-version" -> StoredValue.Kind.UNKNOWN_VERSION;
            default -> throw new AssertionError(name + ": unknown class " + v.get("class"));
          };
      assertThat(StoredValue.parse(stored).classify(keyring)).as(name).isEqualTo(expected);
      Class<? extends Exception> thrown =
          expected == StoredValue.Kind.UNKNOWN_VERSION
              ? UnknownKeyVersionException.class
              : MalformedCiphertextException.class;
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> cipher.decrypt(stored, context))
          .as(name)
          .isInstanceOf(thrown);
    }
  }
}
