package dev.fieldcrypt.cli.output;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import dev.fieldcrypt.cli.CommandFailedException;
import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.CommonOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.slf4j.LoggerFactory;

/**
 * The logging of one command run. Logback is configured here and nowhere else, in code, for the
 * length of the run: with {@code --logfile}, every line goes to the file as {@code timestamp level
 * [operation id] logger - message}; with {@code --verbose}, debug lines also go to stderr. Without
 * either, nothing is logged. Lines carry labels, paths and counts, never key material.
 *
 * <p>The operation id ({@code rotate_20250114_123456_a1b2}) is written into the pattern rather than
 * the MDC so that lines from worker threads carry it too.
 */
public final class LogSession implements AutoCloseable {
  /** Everything a command prints is logged here too, so the log is a full transcript. */
  public static final String OUTPUT_LOGGER = "dev.fieldcrypt.cli.output";

  /** One line per change made: {@code AUDIT action=… key=value …}. */
  public static final String AUDIT_LOGGER = "dev.fieldcrypt.cli.audit";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LoggerContext context;
  private final String operationId;
  private final Path logFile;

  private LogSession(LoggerContext context, String operationId, Path logFile) {
    this.context = context;
    this.operationId = operationId;
    this.logFile = logFile;
  }

  /**
   * Configures logging for one run of {@code command}.
   *
   * @throws CommandFailedException when the log file cannot be opened
   */
  public static LogSession open(
      String command, CommonOptions options, Clock clock, PrintWriter err) {
    String stamp = STAMP.format(clock.instant().atZone(clock.getZone()));
    byte[] rnd = new byte[2];
    RANDOM.nextBytes(rnd);
    String op = command + "_" + stamp + "_" + HexFormat.of().formatHex(rnd);
    Path file = options.logfile == null ? null : logFile(options.logfile, stamp);
    if (file != null) {
      checkWritable(file);
    }
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    String pattern = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [" + op + "] %logger - %msg%n";
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(options.verbose ? Level.INFO : Level.WARN);
    ctx.getLogger("dev.fieldcrypt").setLevel(options.verbose ? Level.DEBUG : Level.INFO);
    Logger output = ctx.getLogger(OUTPUT_LOGGER);
    output.setAdditive(false); // printed already; the file gets it, stderr must not again
    if (file != null) {
      FileAppender<ILoggingEvent> appender = fileAppender(ctx, file, pattern);
      root.addAppender(appender);
      output.addAppender(appender);
    }
    if (options.verbose) {
      root.addAppender(writerAppender(ctx, err, pattern));
    }
    return new LogSession(ctx, op, file);
  }

  /** {@code --logfile ""} gives {@code fieldcrypt_YYYYMMDD_HHMMSS.log} in the working directory. */
  public static Path logFile(String option, String stamp) {
    return option.isBlank() ? Path.of("fieldcrypt_" + stamp + ".log") : Path.of(option);
  }

  public String operationId() {
    return operationId;
  }

  /** The log file of this run, or null without {@code --logfile}. */
  public Path logFile() {
    return logFile;
  }

  /** Writes an audit line: {@code AUDIT action=<action> k1=v1 k2=v2 …} (null values skipped). */
  public void audit(String action, Object... keyValues) {
    StringBuilder sb = new StringBuilder("AUDIT action=").append(action);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        sb.append(' ').append(keyValues[i]).append('=').append(quote(keyValues[i + 1]));
      }
    }
    LoggerFactory.getLogger(AUDIT_LOGGER).info(sb.toString());
  }

  private static String quote(Object value) {
    String s = String.valueOf(value);
    if (s.isEmpty() || s.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\R", " ") + '"';
    }
    return s;
  }

  @Override
  public void close() {
    // Stops and detaches the appenders (closing the file), leaving logging silent between runs.
    context.reset();
  }

  /**
   * Creates the log file readable by its owner only (mode 600, where the file system has POSIX
   * permissions), or tightens an existing one: it holds operation ids, targets and counts, and an
   * operator's log is nobody else's business.
   */
  private static void checkWritable(Path file) {
    try {
      boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (posix && !Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else if (posix) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
    } catch (IOException | RuntimeException e) {
      throw new CommandFailedException(
          ExitCodes.FAILURE,
          "cannot write the log file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); create its directory, or pass a writable --logfile path.");
    }
  }

  private static FileAppender<ILoggingEvent> fileAppender(
      LoggerContext ctx, Path file, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(pattern);
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(ctx);
    appender.setName("logfile");
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    if (!appender.isStarted()) {
      throw new CommandFailedException(
          ExitCodes.FAILURE, "cannot open the log file " + file + "; pass a writable --logfile.");
    }
    return appender;
  }

  private static AppenderBase<ILoggingEvent> writerAppender(
      LoggerContext ctx, PrintWriter err, String pattern) {
    PatternLayout layout = new PatternLayout();
    layout.setContext(ctx);
    layout.setPattern(pattern);
    layout.start();
    AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            err.print(layout.doLayout(event));
            err.flush();
          }
        };
    appender.setContext(ctx);
    appender.setName("stderr");
    appender.start();
    return appender;
  }
}
