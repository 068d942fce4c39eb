package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The default {@link KeySource}: a {@code .env.crypto} file in the shape of the project's seed,
 *
 * <pre>
 * ACTIVE_ENCRYPTION_VERSION="v2"
 * ENCRYPTION_KEYS__v1="&lt;base64 32 bytes&gt;"
 * ENCRYPTION_SALT__v1="&lt;base64 16 bytes&gt;"
 * ENCRYPTION_SALT_HASH__v1="&lt;hex sha-256 of the salt&gt;"
 * </pre>
 *
 * with environment variables of the same names overriding the file, and {@code NAME_FILE=/path}
 * reading a value from a file (the Docker/Kubernetes secrets convention). The file may be missing
 * when the environment supplies the whole keyring. {@link KeyringValidator} checks a file with the
 * same parser and reports every problem where this source stops at the first.
 *
 * <p>A keyring file that its group or others can read or write is refused (remedy: {@code chmod
 * 600}) unless {@link Builder#allowInsecurePermissions(boolean)} is set. {@code _FILE} secrets are
 * not checked: their mounts are managed by the orchestrator. Errors name the file and line (or the
 * variable) and the remedy, never a key, a salt or a hash.
 *
 * <p>Immutable and thread-safe; each {@link #load()} reads the file and environment again.
 *
 * <pre>{@code
 * KeySource source = DotenvKeySource.builder().file(Path.of("/etc/app/.env.crypto")).build();
 * FieldCipher cipher = FieldCipher.create(source.load());
 * }</pre>
 */
public final class DotenvKeySource implements KeySource {
  /** Default file name, relative to the working directory. */
  public static final String DEFAULT_FILE = ".env.crypto";

  private final Path file;
  private final Map<String, String> env;
  private final boolean allowInsecurePermissions;

  private DotenvKeySource(Builder b) {
    this.file = b.file;
    this.env = Map.copyOf(b.env);
    this.allowInsecurePermissions = b.allowInsecurePermissions;
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
  public String describe() {
    return "file " + file + " + environment";
  }

  /** The file is writable: {@link #update}, {@link #create} and {@link #replace} rewrite it. */
  @Override
  public boolean writable() {
    return true;
  }

  /**
   * {@link KeyringFile#update}: under the file's lock, with a backup of the old file ({@link
   * KeyringChange#previous()} is its path).
   */
  @Override
  public KeyringChange update(UnaryOperator<Keyring> change) {
    KeyringFile.Updated u = KeyringFile.update(file, change);
    return new KeyringChange(
        u.before(), u.after(), u.changed(), u.backup() == null ? null : u.backup().toString());
  }

  /** {@link KeyringFile#createNew}: refuses a file that exists. */
  @Override
  public KeyringChange create(Keyring keyring) {
    KeyringFile.createNew(file, keyring);
    return new KeyringChange(null, keyring, true, null);
  }

  /** {@link KeyringFile#replace}: backs the old file up first. */
  @Override
  public KeyringChange replace(Keyring keyring) {
    Path backup = KeyringFile.replace(file, keyring);
    return new KeyringChange(null, keyring, true, backup.toString());
  }

  /**
   * Reads and checks the file and the environment.
   *
   * @throws KeyringConfigException naming the first problem (file:line or variable, and remedy)
   */
  @Override
  public Keyring load() {
    KeyringSettings settings = new KeyringSettings(file.toString());
    boolean fileFound = readFile(settings);
    boolean envFound = EnvironmentOverrides.apply(settings, env);
    if (!fileFound && !envFound) {
      throw new KeyringConfigException(
          "keyring file "
              + file
              + " not found and no ENCRYPTION_* variables in the environment. Create one with"
              + " 'fieldcrypt generate --env-file "
              + file
              + "', or point to the right file.");
    }
    return checked(settings, file);
  }

  /**
   * The keyring that {@code text}, read from {@code file}, holds, without environment overrides:
   * what a rewrite starts from. The caller has checked the file's permissions.
   *
   * @throws KeyringConfigException naming the first problem
   */
  static Keyring fromFileText(Path file, String text) {
    KeyringSettings settings = new KeyringSettings(file.toString());
    settings.addFile(file, DotenvParser.parse(text, file.toString()));
    return checked(settings, file);
  }

  private static Keyring checked(KeyringSettings settings, Path file) {
    return checked(settings, "--env-file " + file);
  }

  /**
   * The keyring {@code settings} hold, or the first problem; {@code validateOption} names the
   * source for the validate-config hint ({@code "--env-file .env.crypto"}).
   */
  static Keyring checked(KeyringSettings settings, String validateOption) {
    Keyring keyring = settings.check(false);
    if (keyring == null) {
      List<String> problems = settings.problems();
      throw new KeyringConfigException(
          problems.get(0)
              + (problems.size() == 1
                  ? ""
                  : " ("
                      + (problems.size() - 1)
                      + " more problem(s); 'fieldcrypt validate-config "
                      + validateOption
                      + "' lists them all.)"));
    }
    return keyring;
  }

  private boolean readFile(KeyringSettings settings) {
    String content = KeyringText.readIfExists(file);
    if (content == null) {
      return false;
    }
    if (!allowInsecurePermissions) {
      FilePermissions.requireOwnerOnly(file);
    }
    settings.addFile(file, DotenvParser.parse(content, file.toString()));
    return true;
  }

  /** Builds a {@link DotenvKeySource}. Not thread-safe. */
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
