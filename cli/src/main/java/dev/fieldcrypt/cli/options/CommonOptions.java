package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.cli.ErrorHandler;
import picocli.CommandLine.Option;

/** Options every command has: {@code --logfile}, {@code --verbose}, {@code --help}. */
public final class CommonOptions {
  @Option(
      names = "--logfile",
      paramLabel = "PATH",
      arity = "0..1",
      fallbackValue = "",
      description =
          "Also write a log (timestamped lines, operation id, an audit line per change) to PATH;"
              + " an empty PATH (--logfile \"\") picks fieldcrypt_YYYYMMDD_HHMMSS.log here."
              + " Never holds key material.")
  public String logfile;

  @Option(
      names = {"-v", ErrorHandler.VERBOSE},
      description = "Show debug lines on stderr and stack traces of errors.")
  public boolean verbose;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  public boolean help;
}
