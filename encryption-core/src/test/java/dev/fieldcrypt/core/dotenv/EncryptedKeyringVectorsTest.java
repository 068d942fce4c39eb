package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Pins the encrypted keyring file to the vectors of docs/format.md, "Encrypted keyring file" (read
 * from the document itself, so that it cannot drift from the code): sealing the vector's plaintext
 * with its secret, salt and nonce gives its file byte for byte, and opening the file gives the
 * plaintext back.
 */
class EncryptedKeyringVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern BLOCK =
      Pattern.compile("```encrypted-keyring-vector\\n(.*?)```", Pattern.DOTALL);

  private static List<Map<String, String>> vectors() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "format.md"), StandardCharsets.UTF_8);
    List<Map<String, String>> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(doc);
    while (m.find()) {
      Map<String, String> v = new LinkedHashMap<>();
      for (String line : m.group(1).split("\n")) {
        int colon = line.indexOf(": ");
        if (colon > 0) {
          v.put(line.substring(0, colon), line.substring(colon + 2));
        }
      }
      out.add(v);
    }
    return out;
  }

  private static MasterKey secret(Map<String, String> v) {
    if (v.containsKey("kms-scheme")) {
      byte[] dataKey = HEX.parseHex(v.get("data-key-hex"));
      byte[] wrapped = HEX.parseHex(v.get("wrapped-key-hex"));
      return MasterKey.unwrappedBy(
          new FixedKms(v.get("kms-scheme"), v.get("kms-key-id"), wrapped, dataKey), wrapped);
    }
    return v.containsKey("master-key-base64")
        ? MasterKey.ofKey(Base64.getDecoder().decode(v.get("master-key-base64")), "vector")
        : MasterKey.ofPassphrase(v.get("passphrase-utf8").toCharArray(), "vector");
  }

  private static Argon2Params argon2(Map<String, String> v) {
    return v.containsKey("argon2-memory-kib")
        ? Argon2Params.of(
            Integer.parseInt(v.get("argon2-memory-kib")),
            Integer.parseInt(v.get("argon2-iterations")),
            Integer.parseInt(v.get("argon2-parallelism")))
        : null;
  }

  @Test
  void docsVectors_oneMasterKeyAndOnePassphrase_reproducedByteForByte() throws IOException {
    List<Map<String, String>> vectors = vectors();
    assertThat(vectors)
        .extracting(v -> v.get("name"))
        .contains("master-key", "passphrase-argon2id", "kms-envelope");
    for (Map<String, String> v : vectors) {
      String name = v.get("name");
      MasterKey key = secret(v);
      byte[] plaintext = HEX.parseHex(v.get("plaintext-hex"));
      byte[] file = Base64.getDecoder().decode(v.get("file-base64"));
      byte[] header = HEX.parseHex(v.get("header-hex"));

      byte[] sealed =
          EncryptedKeyringFormat.seal(
              plaintext,
              key,
              argon2(v),
              HEX.parseHex(v.get("salt-hex")),
              HEX.parseHex(v.get("nonce-hex")));

      assertThat(HEX.formatHex(sealed)).as(name + " file").isEqualTo(HEX.formatHex(file));
      assertThat(file).hasSize(Integer.parseInt(v.get("file-length")));
      assertThat(Arrays.copyOf(file, header.length)).as(name + " header").isEqualTo(header);
      EncryptedKeyringFormat.Header h = EncryptedKeyringFormat.header(file, Path.of(name));
      assertThat(h.argon2()).isEqualTo(argon2(v));
      assertThat(HEX.formatHex(EncryptedKeyringFormat.derive(key, h)))
          .as(name + " file key")
          .isEqualTo(v.get("file-key-hex"));
      assertThat(EncryptedKeyringFormat.open(file, key, Path.of(name), null))
          .as(name + " plaintext")
          .isEqualTo(plaintext);
      Keyring k =
          KeyringEntries.fromText(new String(plaintext, StandardCharsets.UTF_8), name, Map.of());
      assertThat(k.labels()).containsExactly("v1");
    }
  }

  @Test
  void docsVectors_withTheirLastByteFlipped_doNotOpen() throws IOException {
    for (Map<String, String> v : vectors()) {
      byte[] file = Base64.getDecoder().decode(v.get("file-base64"));
      file[file.length - 1] ^= 1;
      Assertions.assertThatThrownBy(
              () -> EncryptedKeyringFormat.open(file, secret(v), Path.of("x"), null))
          .isInstanceOf(KeyringConfigException.class)
          .hasMessageContaining("wrong master key or damaged file");
    }
  }

  /** A KMS that unwraps one wrapped key to one data key: the vector's. */
  private record FixedKms(String scheme, String keyId, byte[] wrapped, byte[] dataKey)
      implements dev.fieldcrypt.core.KeyWrapper {
    @Override
    public DataKey generateDataKey() {
      return new DataKey(dataKey.clone(), wrapped.clone());
    }

    @Override
    public byte[] unwrap(byte[] w) {
      assertThat(w).isEqualTo(wrapped);
      return dataKey.clone();
    }
  }
}
