package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.internal.AesGcm;
import dev.fieldcrypt.core.internal.Hkdf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Wycheproof known-answer vectors through the AES-GCM layer and the HKDF the cipher uses. */
class WycheproofTest {
  private static final HexFormat HEX = HexFormat.of();

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> groups(String resource) throws IOException {
    try (InputStream in = WycheproofTest.class.getResourceAsStream("/wycheproof/" + resource)) {
      Map<String, Object> root =
          (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return (List<Map<String, Object>>) (List<?>) root.get("testGroups");
    }
  }

  private static int intOf(Object o) {
    return ((Double) o).intValue();
  }

  @SuppressWarnings("unchecked")
  @Test
  void aesGcm_wycheproofVectors_96BitNonceAnd128BitTag_allPass() throws IOException {
    int checked = 0;
    int rejectedNonces = 0;
    int aes256 = 0;
    for (Map<String, Object> g : groups("aes_gcm_test.json")) {
      int ivSize = intOf(g.get("ivSize"));
      int tagSize = intOf(g.get("tagSize"));
      for (Map<String, Object> t : (List<Map<String, Object>>) g.get("tests")) {
        String id = "tcId " + intOf(t.get("tcId"));
        SecretKeySpec key = new SecretKeySpec(HEX.parseHex((String) t.get("key")), "AES");
        byte[] iv = HEX.parseHex((String) t.get("iv"));
        byte[] aad = HEX.parseHex((String) t.get("aad"));
        byte[] msg = HEX.parseHex((String) t.get("msg"));
        byte[] ct = HEX.parseHex((String) t.get("ct"));
        byte[] tag = HEX.parseHex((String) t.get("tag"));
        boolean valid = !"invalid".equals(t.get("result"));
        if (ivSize != 96) {
          // fieldcrypt only ever uses 96-bit nonces; the layer refuses any other size.
          assertThatThrownBy(() -> AesGcm.seal(AesGcm.newCipher(), key, iv, msg, aad))
              .as(id)
              .isInstanceOf(InvalidArgumentException.class);
          rejectedNonces++;
          continue;
        }
        if (tagSize != 128) {
          continue;
        }
        byte[] sealed = concat(iv, ct, tag);
        byte[] opened = AesGcm.open(AesGcm.newCipher(), key, sealed, aad);
        if (valid) {
          assertThat(opened).as(id).isEqualTo(msg);
          assertThat(AesGcm.seal(AesGcm.newCipher(), key, iv, msg, aad)).as(id).isEqualTo(sealed);
        } else {
          assertThat(opened).as(id + " must not verify").isNull();
        }
        if (key.getEncoded().length == 32) {
          aes256++;
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(150);
    assertThat(aes256).isGreaterThan(50);
    assertThat(rejectedNonces).isGreaterThan(0);
  }

  @SuppressWarnings("unchecked")
  @Test
  void hkdfSha256_wycheproofVectors_allValidOnesMatch() throws IOException {
    int checked = 0;
    for (Map<String, Object> g : groups("hkdf_sha256_test.json")) {
      for (Map<String, Object> t : (List<Map<String, Object>>) g.get("tests")) {
        if (!"valid".equals(t.get("result"))) {
          continue; // invalid ones ask for more than 255·32 bytes, which fieldcrypt never does
        }
        byte[] okm =
            Hkdf.sha256(
                HEX.parseHex((String) t.get("ikm")),
                HEX.parseHex((String) t.get("salt")),
                HEX.parseHex((String) t.get("info")),
                intOf(t.get("size")));
        assertThat(HEX.formatHex(okm)).as("tcId " + intOf(t.get("tcId"))).isEqualTo(t.get("okm"));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
