package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** The binary form of stored values: the vectors of docs/format.md, round trips, bad bytes. */
class BinaryStoredValueTest {
  private static final HexFormat HEX = HexFormat.of();

  private static List<Map<String, String>> vectors() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "format.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```vector\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<Map<String, String>> out = new ArrayList<>();
    while (m.find()) {
      Map<String, String> v = new LinkedHashMap<>();
      for (String line : m.group(1).split("\n")) {
        int colon = line.indexOf(": ");
        if (colon > 0) {
          v.put(line.substring(0, colon), line.substring(colon + 2));
        }
      }
      if (v.containsKey("binary-hex")) {
        out.add(v);
      }
    }
    return out;
  }

  @Test
  void docsVectors_sealAndOpenByteForByte() throws IOException {
    List<Map<String, String>> vectors = vectors();
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(2);
    for (Map<String, String> v : vectors) {
      KeyVersion version =
          KeyVersion.of(
              v.get("version"),
              Base64.getDecoder().decode(v.get("key-base64")),
              Base64.getDecoder().decode(v.get("salt-base64")));
      FieldCipher c = FieldCipher.create(Keyring.of(version.label(), List.of(version)));
      byte[] plain = HEX.parseHex(v.get("plaintext-hex"));
      byte[] binary = HEX.parseHex(v.get("binary-hex"));
      String context = v.get("context");
      assertThat(c.sealBinaryWithNonce(plain, context, HEX.parseHex(v.get("nonce-hex"))))
          .as(v.get("name"))
          .isEqualTo(binary);
      assertThat(c.decryptBinary(binary, context)).isEqualTo(plain);
      assertThat(FieldCipher.versionOfBinary(binary)).isEqualTo(v.get("version"));
      // the text form's body, without its base64
      String text = v.get("ciphertext");
      byte[] body = Base64.getDecoder().decode(text.substring(text.indexOf(':') + 1));
      assertThat(java.util.Arrays.copyOfRange(binary, 2 + version.label().length(), binary.length))
          .isEqualTo(body);
    }
  }

  @Test
  void roundTrip_randomNonce_contextBound_andBadBytesRejected() {
    FieldCipher c = FieldCipher.create(Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
    byte[] plain = new byte[16 * 1024];
    new java.util.Random(7).nextBytes(plain);
    byte[] a = c.encryptToBinary(plain, "docs.scan");
    byte[] b = c.encryptToBinary(plain, "docs.scan");
    assertThat(a).isNotEqualTo(b).hasSize(2 + 2 + 12 + plain.length + 16);
    assertThat(c.decryptBinary(a, "docs.scan")).isEqualTo(plain);
    assertThatThrownBy(() -> c.decryptBinary(a, "docs.other"))
        .isInstanceOf(DecryptionFailedException.class);
    byte[] tampered = a.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(() -> c.decryptBinary(tampered, "docs.scan"))
        .isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(
            () -> c.decryptBinary("v1:abc".getBytes(StandardCharsets.US_ASCII), "docs.scan"))
        .isInstanceOf(MalformedCiphertextException.class)
        .hasMessageContaining("not a binary stored value");
    assertThatThrownBy(() -> c.decryptBinary(new byte[] {(byte) 0xF1, 2, 'v', '1', 0}, "docs.scan"))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> c.decryptBinary(new byte[] {(byte) 0xF1, 0, 0}, "docs.scan"))
        .hasMessageContaining("bad label length");
    byte[] otherVersion =
        FieldCipher.create(Keyring.of("v9", List.of(KeyVersion.generate("v9"))))
            .encryptToBinary(plain, "docs.scan");
    assertThatThrownBy(() -> c.decryptBinary(otherVersion, "docs.scan"))
        .isInstanceOf(UnknownKeyVersionException.class);
    assertThat(c.encryptToBinary(null, "docs.scan")).isNull();
    assertThat(c.decryptBinary(null, "docs.scan")).isNull();
  }
}
