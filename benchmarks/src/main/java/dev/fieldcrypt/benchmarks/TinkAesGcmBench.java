package dev.fieldcrypt.benchmarks;

import static dev.fieldcrypt.benchmarks.Payloads.CONTEXT;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Google Tink's {@link Aead} from a keyset of one {@code AES256_GCM} key, the predefined parameters
 * Tink recommends: output {@code 5-byte key-id prefix ‖ nonce ‖ ciphertext ‖ tag}, the key id
 * playing the part of fieldcrypt's version label. Tink runs on the JDK provider here (Conscrypt, an
 * optional Tink dependency, is not on the classpath).
 *
 * <ul>
 *   <li>{@code *Bytes}: {@code byte[]} in, {@code byte[]} out, as Tink's API is.
 *   <li>{@code *String}: plus UTF-8 and base64, what storing it in a text column takes.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TinkAesGcmBench {
  private static final Base64.Encoder ENCODER = Base64.getEncoder();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  @Param({"16", "64", "1024", "16384"})
  int size;

  private Aead aead;
  private byte[] aad;
  private String text;
  private byte[] bytes;
  private byte[] sealedBytes;
  private String textCiphertext;

  @Setup
  public void setUp() throws GeneralSecurityException {
    AeadConfig.register();
    KeysetHandle handle =
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
    aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    aad = CONTEXT.getBytes(StandardCharsets.UTF_8);
    text = Payloads.ascii(size);
    bytes = Payloads.bytes(size);
    sealedBytes = aead.encrypt(bytes, aad);
    textCiphertext = encryptString();
    Payloads.check(Arrays.equals(bytes, roundTripBytes()), "Tink byte[] round trip");
    Payloads.check(text.equals(roundTripString()), "Tink String round trip");
  }

  @Benchmark
  public byte[] encryptBytes() throws GeneralSecurityException {
    return aead.encrypt(bytes, aad);
  }

  @Benchmark
  public byte[] decryptBytes() throws GeneralSecurityException {
    return aead.decrypt(sealedBytes, aad);
  }

  @Benchmark
  public byte[] roundTripBytes() throws GeneralSecurityException {
    return aead.decrypt(aead.encrypt(bytes, aad), aad);
  }

  @Benchmark
  public String encryptString() throws GeneralSecurityException {
    return ENCODER.encodeToString(aead.encrypt(text.getBytes(StandardCharsets.UTF_8), aad));
  }

  @Benchmark
  public String decryptString() throws GeneralSecurityException {
    return new String(aead.decrypt(DECODER.decode(textCiphertext), aad), StandardCharsets.UTF_8);
  }

  @Benchmark
  public String roundTripString() throws GeneralSecurityException {
    byte[] sealed = aead.encrypt(text.getBytes(StandardCharsets.UTF_8), aad);
    String stored = ENCODER.encodeToString(sealed);
    return new String(aead.decrypt(DECODER.decode(stored), aad), StandardCharsets.UTF_8);
  }
}
