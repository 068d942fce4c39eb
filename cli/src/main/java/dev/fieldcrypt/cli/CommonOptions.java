package dev.fieldcrypt.cli;

import picocli.CommandLine.Option;

/** Options every command has: {@code --logfile}, {@code --verbose}, {@code --help}. */
final class CommonOptions {
  @Option(
      names = "--logfile",
      paramLabel = "PATH",
      arity = "0..1",
      fallbackValue = "",
      description =
          "Also write a log (timestamped lines, operation id, an audit line per change) to PATH;"
              + " an empty PATH (--logfile \"\") picks fieldcrypt_YYYYMMDD_HHMMSS.log here."
              + " Never holds key material.")
  String logfile;

  @Option(
      names = {"-v", ErrorHandler.VERBOSE},
      description = "Show debug lines on stderr and stack traces of errors.")
  boolean verbose;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
