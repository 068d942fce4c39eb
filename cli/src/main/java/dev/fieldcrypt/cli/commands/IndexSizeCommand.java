package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.core.BlindIndexSizing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fieldcrypt index-size}: how many bits a truncated blind index should keep. */
@Command(
    name = "index-size",
    description = {
      "Recommend the bits of a truncated search index (@SearchIndex(bits = N)) from the rows the"
          + " table will hold and the distinct values among them, after CipherSweet's rule"
          + " (2 <= rows / 2^N <= sqrt(rows)) and AWS beacons' (sqrt(distinct) < 2^N < distinct / 2).",
      "An exact index (the default, 256 bits) needs no sizing: it may be unique, and leaks which"
          + " rows are equal."
    })
public final class IndexSizeCommand extends BaseCommand {
  @Option(
      names = "--rows",
      paramLabel = "N",
      required = true,
      description = "The rows the table will hold (size for its future, not today's).")
  public long rows;

  @Option(
      names = "--distinct",
      paramLabel = "N",
      required = true,
      description = "The distinct values among them (for e-mails, about the rows).")
  public long distinct;

  @Override
  protected int execute() {
    BlindIndexSizing s = BlindIndexSizing.recommend(rows, distinct);
    ui().line("Rows: " + rows + ", distinct values: " + distinct);
    if (s.maxBits() > 0) {
      ui().line("Both rules allow: " + s.minBits() + ".." + s.maxBits() + " bits");
    } else {
      ui().line("Both rules allow: no length");
    }
    ui().ok("Recommended: @SearchIndex(bits = " + s.recommendedBits() + ")");
    ui().line(
            String.format(
                java.util.Locale.ROOT,
                "Each lookup reads about %.1f rows (the value's own and the coincidences), then"
                    + " drops the false positives after decrypting.",
                s.rowsPerLookup()));
    ui().line(s.advice());
    return ExitCodes.OK;
  }
}
