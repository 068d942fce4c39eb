package dev.fieldcrypt.core.internal;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) over BouncyCastle. Not API. */
public final class Hkdf {
  private Hkdf() {}

  /**
   * Extract-and-expand: {@code length} bytes of output keying material.
   *
   * @param ikm input keying material
   * @param salt the HKDF salt (may be empty)
   * @param info the context and application specific information (may be empty)
   */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
    gen.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    gen.generateBytes(out, 0, length);
    return out;
  }
}
