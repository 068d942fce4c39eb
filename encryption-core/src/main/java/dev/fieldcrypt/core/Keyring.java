package dev.fieldcrypt.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable set of {@link KeyVersion}s and the one active version that encrypts new values.
 * Every version can decrypt; only the active one encrypts.
 *
 * <p>Thread-safe. {@link #toString()} lists labels only. Versions keep the order they were added
 * in, which is the order {@code list} shows and a keyring file is written in.
 *
 * <pre>{@code
 * Keyring keyring = Keyring.load(Path.of(".env.crypto"));   // file + environment overrides
 * FieldCipher cipher = FieldCipher.create(keyring);
 * }</pre>
 */
public final class Keyring {
  private static final Pattern NUMBERED = Pattern.compile("v(\\d{1,9})");

  private final Map<String, KeyVersion> versions;
  private final Map<String, String> origins;
  private final String active;

  private Keyring(Map<String, KeyVersion> versions, Map<String, String> origins, String active) {
    this.versions = Collections.unmodifiableMap(versions);
    this.origins = Collections.unmodifiableMap(origins);
    this.active = active;
  }

  /**
   * A keyring of the given versions with {@code activeVersion} active.
   *
   * @throws KeyringConfigException when versions are empty or duplicated, or the active version is
   *     not among them
   */
  public static Keyring of(String activeVersion, Collection<KeyVersion> versions) {
    requireVersions(versions);
    Map<String, String> origins = new LinkedHashMap<>();
    for (KeyVersion v : versions) {
      origins.put(v.label(), "code");
    }
    return of(activeVersion, versions, origins);
  }

  /**
   * Like {@link #of(String, Collection)}, recording where each version came from, for operators
   * ({@link #origin(String)}): {@code "file /etc/app/.env.crypto"}, {@code "environment variable
   * ENCRYPTION_KEYS__v2"}. Key sources call this; a version without an entry is from {@code
   * "code"}. An origin must never hold key material.
   *
   * @throws KeyringConfigException when versions are empty or duplicated, or the active version is
   *     not among them
   */
  public static Keyring of(
      String activeVersion, Collection<KeyVersion> versions, Map<String, String> origins) {
    requireVersions(versions);
    if (origins == null) {
      throw new InvalidArgumentException("origins must not be null (pass Map.of() for none)");
    }
    if (versions.isEmpty()) {
      throw new KeyringConfigException(
          "the keyring holds no key version. Create one with 'fieldcrypt generate'.");
    }
    Map<String, KeyVersion> map = new LinkedHashMap<>();
    for (KeyVersion v : versions) {
      if (map.putIfAbsent(v.label(), v) != null) {
        throw new KeyringConfigException(
            "key version '" + v.label() + "' appears twice in the keyring; keep one of them.");
      }
    }
    if (activeVersion == null || activeVersion.isBlank()) {
      throw new KeyringConfigException(
          "no active key version: set ACTIVE_ENCRYPTION_VERSION to one of "
              + String.join(", ", map.keySet())
              + ".");
    }
    if (!map.containsKey(activeVersion)) {
      throw new KeyringConfigException(
          "active key version '"
              + activeVersion
              + "' is not in the keyring (it has "
              + String.join(", ", map.keySet())
              + "). Set ACTIVE_ENCRYPTION_VERSION to one of those, or add the missing version.");
    }
    Map<String, String> o = new LinkedHashMap<>();
    for (String label : map.keySet()) {
      o.put(label, origins.getOrDefault(label, "code"));
    }
    return new Keyring(map, o, activeVersion);
  }

  /**
   * Loads the keyring from a {@code .env.crypto} file, with environment variables of the same names
   * (and {@code NAME_FILE} secrets) overriding it: {@code KeySources.open("file:" + envFile)},
   * whose provider is {@code dev.fieldcrypt.core.dotenv.DotenvKeySource}.
   *
   * @throws KeyringConfigException when the file and environment hold no valid keyring
   * @throws InvalidArgumentException when {@code envFile} is null
   */
  public static Keyring load(Path envFile) {
    if (envFile == null) {
      throw new InvalidArgumentException("envFile must not be null");
    }
    return KeySources.open(KeySources.FILE_SCHEME + ":" + envFile).load();
  }

  private static void requireVersions(Collection<KeyVersion> versions) {
    // a loop, not contains(null): List.of(...) throws on contains(null)
    boolean ok = versions != null;
    for (KeyVersion v : ok ? versions : List.<KeyVersion>of()) {
      ok &= v != null;
    }
    if (!ok) {
      throw new InvalidArgumentException("versions must be a collection of non-null KeyVersions");
    }
  }

  /** The active version: the one new values are encrypted with. */
  public KeyVersion active() {
    return versions.get(active);
  }

  /** The label of the active version. */
  public String activeVersion() {
    return active;
  }

  /** The version with this label, if the keyring holds it. */
  public Optional<KeyVersion> version(String label) {
    return Optional.ofNullable(versions.get(label));
  }

  /** Whether the keyring holds a version with this label. */
  public boolean contains(String label) {
    return versions.containsKey(label);
  }

  /** All version labels, in keyring order. */
  public List<String> labels() {
    return List.copyOf(versions.keySet());
  }

  /** All versions, in keyring order. */
  public List<KeyVersion> versions() {
    return List.copyOf(versions.values());
  }

  /**
   * Where a version came from, for operators: {@code "file /path/.env.crypto"}, {@code
   * "environment"}, {@code "code"}, … Never key material.
   */
  public String origin(String label) {
    return origins.getOrDefault(label, "unknown");
  }

  /** This keyring plus {@code newVersion}, which becomes active (a rotation). */
  public Keyring withActiveVersion(KeyVersion newVersion) {
    if (versions.containsKey(newVersion.label())) {
      throw new KeyringConfigException(
          "key version '"
              + newVersion.label()
              + "' already exists; pick a new label (the next free one is '"
              + nextVersionLabel()
              + "').");
    }
    List<KeyVersion> all = new ArrayList<>(versions.values());
    all.add(newVersion);
    Map<String, String> o = new LinkedHashMap<>(origins);
    o.put(newVersion.label(), "generated");
    return of(newVersion.label(), all, o);
  }

  /** This keyring with {@code label} active instead. */
  public Keyring withActive(String label) {
    return of(label, versions.values(), origins);
  }

  /**
   * This keyring without the given versions.
   *
   * @throws KeyringConfigException when asked to remove the active version or one not held
   */
  public Keyring without(Collection<String> labels) {
    List<KeyVersion> kept = new ArrayList<>();
    for (String label : labels) {
      if (!versions.containsKey(label)) {
        throw new KeyringConfigException(
            "key version '"
                + label
                + "' is not in the keyring (it has "
                + String.join(", ", versions.keySet())
                + ").");
      }
      if (label.equals(active)) {
        throw new KeyringConfigException(
            "refusing to remove the active key version '"
                + label
                + "': rotate to a new version first, then remove the old one.");
      }
    }
    for (KeyVersion v : versions.values()) {
      if (!labels.contains(v.label())) {
        kept.add(v);
      }
    }
    return of(active, kept, origins);
  }

  /**
   * The label a rotation would pick: one more than the highest {@code v<n>} label, or {@code v1}
   * when there is none ({@code v1 → v2}, {@code v9 → v10}; labels of other shapes are ignored).
   */
  public String nextVersionLabel() {
    long max = 0;
    for (String label : versions.keySet()) {
      Matcher m = NUMBERED.matcher(label);
      if (m.matches()) {
        max = Math.max(max, Long.parseLong(m.group(1)));
      }
    }
    return "v" + (max + 1);
  }

  @Override
  public String toString() {
    return "Keyring[active=" + active + ", versions=" + versions.keySet() + "]";
  }
}
