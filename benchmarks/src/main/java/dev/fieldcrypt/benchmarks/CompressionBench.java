package dev.fieldcrypt.benchmarks;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
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
 * Which codec the compression of large encrypted values should use: the JDK's Deflater (raw, level
 * 1 and 6) against zstd-jni (levels 1 and 3), compress and decompress, on realistic documents — a
 * JSON record list and English-like prose — of 1, 16 and 64 KiB. {@link #main} prints the ratios.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CompressionBench {
  @Param({"json", "prose"})
  String kind;

  @Param({"1024", "16384", "65536"})
  int size;

  private byte[] input;
  private byte[] deflated1;
  private byte[] deflated6;
  private byte[] zstd1;
  private byte[] zstd3;

  @Setup
  public void setUp() {
    input = document(kind, size);
    deflated1 = deflate(input, 1);
    deflated6 = deflate(input, 6);
    zstd1 = Zstd.compress(input, 1);
    zstd3 = Zstd.compress(input, 3);
  }

  static byte[] document(String kind, int size) {
    Random r = new Random(42);
    StringBuilder b = new StringBuilder(size + 256);
    String[] words = {
      "the",
      "account",
      "holder",
      "payment",
      "address",
      "street",
      "notes",
      "customer",
      "order",
      "shipped",
      "pending",
      "invoice",
      "total",
      "amount",
      "currency",
      "support",
      "ticket",
      "reported",
      "issue",
      "resolved",
      "because",
      "with",
      "and",
      "of",
      "a",
      "to",
      "in",
      "for"
    };
    int i = 0;
    if (kind.equals("json")) {
      b.append('[');
      while (b.length() < size) {
        b.append(
            String.format(
                Locale.ROOT,
                "{\"id\":%d,\"name\":\"%s %s\",\"email\":\"user%d@example.com\",\"status\":\"%s\","
                    + "\"amount\":%d.%02d,\"tags\":[\"%s\",\"%s\"]},",
                i,
                words[r.nextInt(words.length)],
                words[r.nextInt(words.length)],
                r.nextInt(100000),
                words[r.nextInt(words.length)],
                r.nextInt(10000),
                r.nextInt(100),
                words[r.nextInt(words.length)],
                words[r.nextInt(words.length)]));
        i++;
      }
    } else {
      while (b.length() < size) {
        b.append(words[r.nextInt(words.length)]).append(r.nextInt(12) == 0 ? ". " : " ");
      }
    }
    byte[] all = b.toString().getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.copyOf(all, size);
  }

  static byte[] deflate(byte[] in, int level) {
    Deflater d = new Deflater(level, true);
    d.setInput(in);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  static byte[] inflate(byte[] in, int size) {
    Inflater inf = new Inflater(true);
    inf.setInput(in);
    byte[] out = new byte[size];
    try {
      int n = inf.inflate(out);
      if (n != size) {
        throw new IllegalStateException("inflated " + n + " of " + size);
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException(e);
    } finally {
      inf.end();
    }
    return out;
  }

  @Benchmark
  public byte[] deflate1() {
    return deflate(input, 1);
  }

  @Benchmark
  public byte[] deflate6() {
    return deflate(input, 6);
  }

  @Benchmark
  public byte[] zstd1() {
    return Zstd.compress(input, 1);
  }

  @Benchmark
  public byte[] zstd3() {
    return Zstd.compress(input, 3);
  }

  @Benchmark
  public byte[] inflateDeflate1() {
    return inflate(deflated1, size);
  }

  @Benchmark
  public byte[] inflateDeflate6() {
    return inflate(deflated6, size);
  }

  @Benchmark
  public byte[] unzstd1() {
    return Zstd.decompress(zstd1, size);
  }

  @Benchmark
  public byte[] unzstd3() {
    return Zstd.decompress(zstd3, size);
  }

  /** Prints the compressed sizes (ratios) of each codec on each document. */
  public static void main(String[] args) {
    for (String kind : new String[] {"json", "prose"}) {
      for (int size : new int[] {1024, 16384, 65536}) {
        byte[] in = document(kind, size);
        System.out.printf(
            Locale.ROOT,
            "%-5s %6d B: deflate-1 %.3f  deflate-6 %.3f  zstd-1 %.3f  zstd-3 %.3f (compressed/original)%n",
            kind,
            size,
            (double) deflate(in, 1).length / size,
            (double) deflate(in, 6).length / size,
            (double) Zstd.compress(in, 1).length / size,
            (double) Zstd.compress(in, 3).length / size);
      }
    }
  }
}
