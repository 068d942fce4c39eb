package dev.fieldcrypt.core;

/**
 * How many bits a truncated blind index should keep for a table of {@code rows} rows holding {@code
 * distinct} distinct values, after two published rules:
 *
 * <ul>
 *   <li>CipherSweet ("Blind Index Planning"): the coincidences {@code C = R / 2^N}, the rows that
 *       share one index value by chance, between 2 and {@code √R};
 *   <li>AWS Database Encryption SDK ("Choosing a beacon length"): {@code √X < 2^N < X / 2}, with
 *       {@code X} the distinct values.
 * </ul>
 *
 * <p>The recommendation is the largest {@code N} that meets both (the fewest false positives to
 * read and drop per lookup while values still collide); when no {@code N} from {@link
 * BlindIndex#MIN_BITS} meets both, the {@code advice} says why and what to do instead. {@code
 * rowsPerLookup} estimates what one lookup reads: the rows of the value plus the coincidences.
 *
 * @param rows the rows the table will hold
 * @param distinct the distinct values among them
 * @param minBits the smallest {@code N} meeting both rules, or 0 when none does
 * @param maxBits the largest such {@code N}, or 0
 * @param recommendedBits the bits to use: {@code maxBits}, or a fallback the advice explains
 * @param rowsPerLookup the expected rows one lookup reads at {@code recommendedBits}
 * @param advice one or two sentences for the operator
 */
public record BlindIndexSizing(
    long rows,
    long distinct,
    int minBits,
    int maxBits,
    int recommendedBits,
    double rowsPerLookup,
    String advice) {

  /**
   * The sizing for {@code rows} rows and {@code distinct} distinct values.
   *
   * @throws InvalidArgumentException when {@code rows} or {@code distinct} is below 1, or there are
   *     more distinct values than rows
   */
  public static BlindIndexSizing recommend(long rows, long distinct) {
    if (rows < 1 || distinct < 1 || distinct > rows) {
      throw new InvalidArgumentException(
          "expected rows and distinct values must be at least 1, with no more distinct values than"
              + " rows (got rows="
              + rows
              + ", distinct="
              + distinct
              + ")");
    }
    double r = rows;
    double x = distinct;
    int lo = 0;
    int hi = 0;
    for (int n = BlindIndex.MIN_BITS; n < BlindIndex.EXACT_BITS; n++) {
      double buckets = Math.pow(2, n);
      double coincidences = r / buckets;
      boolean cipherSweet = coincidences >= 2 && coincidences <= Math.sqrt(r);
      boolean aws = buckets > Math.sqrt(x) && buckets < x / 2;
      if (cipherSweet && aws) {
        lo = lo == 0 ? n : lo;
        hi = n;
      }
    }
    if (hi > 0) {
      return new BlindIndexSizing(
          rows,
          distinct,
          lo,
          hi,
          hi,
          perLookup(r, x, hi),
          "use "
              + hi
              + " bits (both rules allow "
              + lo
              + ".."
              + hi
              + "; fewer bits leak less and read more rows per lookup).");
    }
    int fallback = BlindIndex.MIN_BITS;
    String why;
    if (x / 2 <= Math.pow(2, BlindIndex.MIN_BITS)) {
      why =
          "only "
              + distinct
              + " distinct values: too few for a truncated index to hide which rows are equal."
              + " Consider not making this field searchable; if it must be, "
              + BlindIndex.MIN_BITS
              + " bits leak least.";
    } else if (r / Math.pow(2, BlindIndex.MIN_BITS) < 2) {
      why =
          "only "
              + rows
              + " rows: too few for any index length to give coincidences; "
              + BlindIndex.MIN_BITS
              + " bits is the shortest accepted. Size for the rows the table will hold.";
    } else {
      // Many rows per value: the distinct-value rule wins, as it bounds what equality reveals.
      fallback = Math.max(BlindIndex.MIN_BITS, (int) Math.floor(Math.log(x / 2) / Math.log(2)));
      why =
          "the rules disagree (many rows share each value); "
              + fallback
              + " bits follows the distinct-value rule, and each lookup reads many rows.";
    }
    return new BlindIndexSizing(rows, distinct, 0, 0, fallback, perLookup(r, x, fallback), why);
  }

  private static double perLookup(double rows, double distinct, int bits) {
    return rows / distinct + rows / Math.pow(2, bits);
  }
}
