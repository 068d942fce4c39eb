package dev.fieldcrypt.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link KeySource} from its URI, the one name a keyring source has everywhere (CLI, the
 * Hibernate and Spring settings): {@code file:PATH} or a bare path is the dotenv keyring file;
 * other schemes come from {@link KeySourceProvider}s on the classpath, found with {@link
 * ServiceLoader} each time a source is opened (no cache, so a class loader's providers are never
 * held): those of this module's class loader (a broken one is an error), then those the thread's
 * context class loader adds (a broken one there is skipped).
 *
 * <p>A scheme is at least two characters ({@code [A-Za-z][A-Za-z0-9+.-]+}) before the first colon,
 * so {@code C:\keys\.env.crypto} is a path. A file whose name has such a prefix is named with
 * {@code file:} ({@code file:keys:prod.env}). Stateless and thread-safe.
 *
 * <pre>{@code
 * Keyring keyring = KeySources.open("file:/etc/app/.env.crypto").load();
 * KeySource vault = KeySources.open("vault:secret/app");   // needs the Vault module
 * }</pre>
 */
public final class KeySources {
  /** The scheme of the dotenv keyring file, which this module provides. */
  public static final String FILE_SCHEME = "file";

  private static final Pattern SCHEME =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);

  /** The modules planned for the schemes of the design, named in the unknown-scheme error. */
  private static final Map<String, String> MODULES =
      Map.of(
          "vault", "fieldcrypt-vault",
          "aws-sm", "fieldcrypt-aws",
          "azure-kv", "fieldcrypt-azure",
          "gcp-sm", "fieldcrypt-gcp");

  private static final int MAX_SKIPPED = 100;
  private static final Logger log = LoggerFactory.getLogger(KeySources.class);

  private KeySources() {}

  /**
   * The source {@code uri} names, reading the process environment.
   *
   * @throws KeyringConfigException when no provider handles the scheme, or the location is invalid
   * @throws InvalidArgumentException when {@code uri} is null or blank
   */
  public static KeySource open(String uri) {
    return open(uri, System.getenv());
  }

  /**
   * The source {@code uri} names, reading {@code environment} instead of the process environment
   * (for tests, and for callers that pass the environment explicitly).
   *
   * @throws KeyringConfigException when no provider handles the scheme, or the location is invalid
   * @throws InvalidArgumentException when {@code uri} is null or blank, or {@code environment} null
   */
  public static KeySource open(String uri, Map<String, String> environment) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidArgumentException(
          "the key source URI must not be empty; pass e.g. 'file:.env.crypto'");
    }
    if (environment == null) {
      throw new InvalidArgumentException("environment must not be null (pass Map.of() for none)");
    }
    Matcher m = SCHEME.matcher(uri);
    String scheme = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : FILE_SCHEME;
    String location = m.matches() ? m.group(2) : uri;
    Map<String, KeySourceProvider> providers = providers();
    KeySourceProvider provider = providers.get(scheme);
    if (provider == null) {
      throw unknownScheme(scheme, providers.keySet());
    }
    KeySource source = provider.open(location, environment);
    if (source == null) {
      throw new KeyringConfigException(
          "the key source provider "
              + provider.getClass().getName()
              + " for '"
              + scheme
              + ":' returned no source; report this to its maintainers.");
    }
    return source;
  }

  /** The schemes the providers on the classpath handle, sorted ({@code [file]} at least). */
  public static Set<String> schemes() {
    return new TreeSet<>(providers().keySet());
  }

  private static Map<String, KeySourceProvider> providers() {
    Map<String, KeySourceProvider> byScheme = new LinkedHashMap<>();
    ClassLoader own = KeySources.class.getClassLoader();
    load(own, byScheme, true);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != own) {
      // Best effort: in an application server the context loader may list providers built
      // against another copy of this module, which are not providers of this KeySourceProvider.
      load(context, byScheme, false);
    }
    return byScheme;
  }

  private static void load(
      ClassLoader loader, Map<String, KeySourceProvider> byScheme, boolean strict) {
    Iterator<KeySourceProvider> it = ServiceLoader.load(KeySourceProvider.class, loader).iterator();
    for (int skipped = 0; skipped < MAX_SKIPPED; ) {
      try {
        if (!it.hasNext()) {
          return;
        }
        register(byScheme, it.next());
      } catch (ServiceConfigurationError e) {
        if (strict) {
          throw new KeyringConfigException(
              "a key source provider on the classpath cannot be loaded ("
                  + e.getMessage()
                  + "); fix or remove the module that registers it in"
                  + " META-INF/services/dev.fieldcrypt.core.KeySourceProvider.",
              e);
        }
        log.debug("ignoring a key source provider of the context class loader: {}", e.toString());
        skipped++;
      }
    }
  }

  private static void register(Map<String, KeySourceProvider> byScheme, KeySourceProvider p) {
    String scheme = p.scheme() == null ? "" : p.scheme().toLowerCase(Locale.ROOT);
    KeySourceProvider other = byScheme.putIfAbsent(scheme, p);
    // The same provider class seen through two class loaders is one provider.
    if (other != null && !other.getClass().getName().equals(p.getClass().getName())) {
      throw new KeyringConfigException(
          "two key source providers claim the scheme '"
              + scheme
              + ":': "
              + other.getClass().getName()
              + " and "
              + p.getClass().getName()
              + "; keep one of the modules that hold them on the classpath.");
    }
  }

  /** The error of a write to a source that is not {@link KeySource#writable()}. */
  static KeyringConfigException readOnly(KeySource source) {
    return new KeyringConfigException(
        source.describe()
            + " is read-only: fieldcrypt cannot write keyrings there. Change the keyring where it is"
            + " kept, or use a writable source (file:, encrypted-file:, vault:).");
  }

  private static KeyringConfigException unknownScheme(String scheme, Set<String> known) {
    String module = MODULES.get(scheme);
    return new KeyringConfigException(
        "no key source handles the scheme '"
            + scheme
            + ":' (known: "
            + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known)))
            + "). "
            + (module != null
                ? "Add the module " + module + " to the classpath."
                : "Add the fieldcrypt module that provides '" + scheme + ":' to the classpath.")
            + " For a keyring file whose name starts with '"
            + scheme
            + ":', write 'file:"
            + scheme
            + ":…'."
            + (known.isEmpty()
                ? " No provider at all: a shaded jar must merge META-INF/services files"
                    + " (maven-shade's ServicesResourceTransformer)."
                : ""));
  }
}
