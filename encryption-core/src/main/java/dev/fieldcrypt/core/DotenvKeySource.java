package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.LegacyDotenv;
import java.nio.file.Path;
import java.util.Map;

/**
 * The dotenv {@link KeySource} under its old name: a thin alias of {@code
 * dev.fieldcrypt.core.dotenv.DotenvKeySource}, which it delegates to and which documents the file
 * format, the environment overrides and the permission check.
 *
 * @deprecated use {@code dev.fieldcrypt.core.dotenv.DotenvKeySource} (same builder, same
 *     behaviour), or {@link KeySources#open(String)} with a {@code file:} URI.
 */
@Deprecated
public final class DotenvKeySource implements KeySource {
  /** Default file name, relative to the working directory. */
  public static final String DEFAULT_FILE = ".env.crypto";

  private final Path file;
  private final KeySource delegate;

  private DotenvKeySource(Builder b) {
    this.file = b.file;
    this.delegate = LegacyDotenv.get().source(b.file, b.env, b.allowInsecurePermissions);
  }

  /** A builder reading {@value #DEFAULT_FILE} and the process environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The keyring file this source reads. */
  public Path file() {
    return file;
  }

  @Override
  public Keyring load() {
    return delegate.load();
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  /**
   * Builds a {@link DotenvKeySource}. Not thread-safe.
   *
   * @deprecated use {@code dev.fieldcrypt.core.dotenv.DotenvKeySource.builder()}.
   */
  @Deprecated
  public static final class Builder {
    private Path file = Path.of(DEFAULT_FILE);
    private Map<String, String> env = System.getenv();
    private boolean allowInsecurePermissions;

    private Builder() {}

    /** The keyring file (default {@value #DEFAULT_FILE}); it may be missing if env has it all. */
    public Builder file(Path file) {
      if (file == null) {
        throw new InvalidArgumentException("file must not be null");
      }
      this.file = file;
      return this;
    }

    /** The environment to read overrides from (default: the process environment). */
    public Builder environment(Map<String, String> env) {
      if (env == null) {
        throw new InvalidArgumentException("environment must not be null");
      }
      this.env = env;
      return this;
    }

    /** Accept a keyring file its group or others can read (default false: refuse it). */
    public Builder allowInsecurePermissions(boolean allow) {
      this.allowInsecurePermissions = allow;
      return this;
    }

    /** The source. */
    public DotenvKeySource build() {
      return new DotenvKeySource(this);
    }
  }
}
