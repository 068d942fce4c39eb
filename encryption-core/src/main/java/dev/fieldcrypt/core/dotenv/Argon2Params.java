package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;

/**
 * The cost of Argon2id (RFC 9106, version 1.3) for an encrypted keyring file under a passphrase:
 * memory in KiB, iterations (passes) and parallelism (lanes). They are stored in the file's header,
 * so a file keeps the parameters it was written with; {@link #DEFAULT} applies to new files.
 *
 * <p>The limits bound what a file may ask of the process that opens it, so that a hostile or
 * damaged header can neither exhaust the heap nor keep a thread busy for minutes: memory from
 * {@code 8 * parallelism} KiB to {@value #MAX_MEMORY_KIB} KiB (1 GiB), 1 to {@value
 * #MAX_ITERATIONS} iterations, 1 to {@value #MAX_PARALLELISM} lanes, and memory × iterations at
 * most {@value #MAX_WORK_KIB} KiB (4 GiB of passes, a few seconds). Immutable.
 *
 * <pre>{@code
 * Argon2Params strong = Argon2Params.of(256 * 1024, 3, 4);   // 256 MiB
 * }</pre>
 *
 * @param memoryKiB memory in KiB (Argon2's {@code m})
 * @param iterations passes over the memory (Argon2's {@code t})
 * @param parallelism lanes (Argon2's {@code p})
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
  /** At most 1 GiB of memory. */
  public static final int MAX_MEMORY_KIB = 1 << 20;

  /** At most 32 passes. */
  public static final int MAX_ITERATIONS = 32;

  /** At most 16 lanes. */
  public static final int MAX_PARALLELISM = 16;

  /** At most 4 GiB of passes in all (memory × iterations, in KiB). */
  public static final long MAX_WORK_KIB = 1L << 22;

  /**
   * 64 MiB, 6 passes, 1 lane: about half a second to open a file on the reference machine (2 CPUs,
   * Java 17: a median of 0.44 to 0.55 s over four runs of {@code benchmarks}' {@code
   * EncryptedKeyringLoadTime}; see docs/key-sources.md). The memory is RFC 9106's second
   * recommended option, which an application's heap can afford; the passes make up for it, as the
   * RFC advises when memory is constrained. One lane, since BouncyCastle computes lanes one after
   * the other: more lanes would help only an attacker's parallel hardware.
   */
  public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 6, 1);

  /** {@link #DEFAULT}'s memory in MiB. */
  public static final int DEFAULT_MEMORY_MIB = 64;

  /**
   * @throws InvalidArgumentException when a parameter is outside the limits above
   */
  public Argon2Params {
    String problem = problem(memoryKiB, iterations, parallelism);
    if (problem != null) {
      throw new InvalidArgumentException("invalid Argon2id parameters: " + problem);
    }
  }

  /** The parameters, checked as the constructor checks them. */
  public static Argon2Params of(int memoryKiB, int iterations, int parallelism) {
    return new Argon2Params(memoryKiB, iterations, parallelism);
  }

  /** What is wrong with these values, or null when they are within the limits. */
  static String problem(long memoryKiB, long iterations, long parallelism) {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      return "parallelism " + parallelism + " is outside 1.." + MAX_PARALLELISM;
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      return "iterations " + iterations + " is outside 1.." + MAX_ITERATIONS;
    }
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      return "memory "
          + memoryKiB
          + " KiB is outside "
          + 8 * parallelism
          + ".."
          + MAX_MEMORY_KIB
          + " KiB (8 KiB per lane up to 1 GiB)";
    }
    if (memoryKiB * iterations > MAX_WORK_KIB) {
      return "memory × iterations is "
          + memoryKiB * iterations
          + " KiB, beyond the limit of "
          + MAX_WORK_KIB
          + " KiB (4 GiB of passes)";
    }
    return null;
  }

  @Override
  public String toString() {
    return "Argon2id(m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism + ")";
  }
}
