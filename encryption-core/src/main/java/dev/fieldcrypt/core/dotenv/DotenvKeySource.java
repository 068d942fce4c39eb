package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * when the environment supplies the whole keyring.
 *
 * <p>A keyring file that its group or others can read or write is refused (remedy: {@code chmod
 * 600}) unless {@link Builder#allowInsecurePermissions(boolean)} is set. {@code _FILE} secrets are
 * not checked: their mounts are managed by the orchestrator.
 *
 * <p>Immutable and thread-safe; each {@link #load()} reads the file and environment again.
 */
public final class DotenvKeySource implements KeySource {
  /** Default file name, relative to the working directory. */
  public static final String DEFAULT_FILE = ".env.crypto";

  static final String ACTIVE = "ACTIVE_ENCRYPTION_VERSION";
  static final String KEYS = "ENCRYPTION_KEYS__";
  static final String SALT = "ENCRYPTION_SALT__";
  static final String SALT_HASH = "ENCRYPTION_SALT_HASH__";
  private static final Pattern VERSIONED =
      Pattern.compile("(ENCRYPTION_KEYS|ENCRYPTION_SALT|ENCRYPTION_SALT_HASH)__(.*)");

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

  /** A value and where it came from (file:line, environment variable, secret file). */
  private record Setting(String value, String where, boolean fromFile) {}

  @Override
  public Keyring load() {
    Map<String, Setting> settings = new LinkedHashMap<>();
    boolean fileFound = readFile(settings);
    boolean envFound = readEnvironment(settings);
    if (!fileFound && !envFound) {
      throw new KeyringConfigException(
          "keyring file "
              + file
              + " not found and no ENCRYPTION_* variables in the environment. Create one with"
              + " 'fieldcrypt generate --env-file "
              + file
              + "', or point to the right file.");
    }
    TreeSet<String> labels = new TreeSet<>();
    for (String name : settings.keySet()) {
      Matcher m = VERSIONED.matcher(name);
      if (m.matches()) {
        labels.add(m.group(2));
      }
    }
    List<KeyVersion> versions = new ArrayList<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (String label : orderOfAppearance(settings, labels)) {
      Setting key = required(settings, KEYS + label);
      Setting salt = required(settings, SALT + label);
      Setting hash = required(settings, SALT_HASH + label);
      KeyVersion.checkLabel(label);
      versions.add(
          KeyVersion.of(
              label, decode(key, KEYS + label), decode(salt, SALT + label), hash.value()));
      origins.put(label, key.fromFile() ? "file " + file : key.where());
    }
    Setting active = settings.get(ACTIVE);
    return Keyring.of(active == null ? null : active.value().strip(), versions, origins);
  }

  private static List<String> orderOfAppearance(
      Map<String, Setting> settings, TreeSet<String> labels) {
    List<String> ordered = new ArrayList<>();
    for (String name : settings.keySet()) {
      Matcher m = VERSIONED.matcher(name);
      if (m.matches() && labels.contains(m.group(2)) && !ordered.contains(m.group(2))) {
        ordered.add(m.group(2));
      }
    }
    return ordered;
  }

  private boolean readFile(Map<String, Setting> settings) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new KeyringConfigException(
          "cannot read keyring file " + file + ": " + e.getClass().getSimpleName(), e);
    }
    if (!allowInsecurePermissions) {
      FilePermissions.requireOwnerOnly(file);
    }
    for (Map.Entry<String, DotenvFile.Entry> e :
        DotenvFile.parse(content, file.toString()).entrySet()) {
      String name = e.getKey();
      if (isOurs(name, file + ":" + e.getValue().line())) {
        settings.put(
            name, new Setting(e.getValue().value(), file + ":" + e.getValue().line(), true));
      }
    }
    return true;
  }

  private boolean readEnvironment(Map<String, Setting> settings) {
    boolean found = false;
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (name.endsWith("_FILE") && isOurs(name.substring(0, name.length() - 5), null)) {
        String base = name.substring(0, name.length() - 5);
        if (env.containsKey(base)) {
          throw new KeyringConfigException(
              "both " + base + " and " + name + " are set in the environment; set only one.");
        }
        settings.put(
            base,
            new Setting(readSecretFile(name, e.getValue()), name + "=" + e.getValue(), false));
        found = true;
      } else if (isOurs(name, null)) {
        settings.put(name, new Setting(e.getValue(), "environment variable " + name, false));
        found = true;
      }
    }
    return found;
  }

  private static String readSecretFile(String variable, String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      throw new KeyringConfigException(
          variable
              + " names "
              + path
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + "). Check the path and that this process may read it.",
          e);
    }
  }

  /** Whether a name is a keyring setting; an unknown ENCRYPTION_* name in the file is an error. */
  private static boolean isOurs(String name, String whereIfFile) {
    if (name.equals(ACTIVE) || VERSIONED.matcher(name).matches()) {
      return true;
    }
    if (whereIfFile != null && name.startsWith("ENCRYPTION_")) {
      throw new KeyringConfigException(
          whereIfFile
              + ": unknown setting "
              + name
              + "; expected ACTIVE_ENCRYPTION_VERSION, ENCRYPTION_KEYS__<version>,"
              + " ENCRYPTION_SALT__<version> or ENCRYPTION_SALT_HASH__<version>.");
    }
    return false;
  }

  private static Setting required(Map<String, Setting> settings, String name) {
    Setting s = settings.get(name);
    if (s == null || s.value().isBlank()) {
      String other =
          settings.keySet().stream()
              .filter(n -> n.endsWith("__" + name.substring(name.indexOf("__") + 2)))
              .findFirst()
              .map(n -> " (" + n + " is set at " + settings.get(n).where() + ")")
              .orElse("");
      throw new KeyringConfigException(
          name
              + " is missing"
              + other
              + "; every key version needs its key, salt and salt hash."
              + " Restore the keyring from a backup or remove the incomplete version.");
    }
    return s;
  }

  private static byte[] decode(Setting s, String name) {
    String v = s.value().strip();
    try {
      return (v.indexOf('-') >= 0 || v.indexOf('_') >= 0
              ? Base64.getUrlDecoder()
              : Base64.getDecoder())
          .decode(v);
    } catch (IllegalArgumentException e) {
      throw new KeyringConfigException(
          name + " (" + s.where() + ") is not valid base64; restore it from a backup.");
    }
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

    public DotenvKeySource build() {
      return new DotenvKeySource(this);
    }
  }
}
