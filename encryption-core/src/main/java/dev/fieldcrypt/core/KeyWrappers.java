package dev.fieldcrypt.core;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a {@link KeyWrapper} from its URI, {@code <scheme>:<key id>}, through the {@link
 * KeyWrapperProvider}s on the classpath (found with {@link ServiceLoader} at each call, as {@link
 * KeySources} finds sources). Stateless and thread-safe.
 */
public final class KeyWrappers {
  private static final Pattern URI = Pattern.compile("([a-z][a-z0-9+.-]+):(.+)", Pattern.DOTALL);

  /** The modules that provide the schemes of the design, named in the unknown-scheme error. */
  private static final Map<String, String> MODULES =
      Map.of(
          "aws-kms", "fieldcrypt-aws",
          "gcp-kms", "fieldcrypt-gcp",
          "azure-kv-key", "fieldcrypt-azure",
          "vault-transit", "fieldcrypt-vault");

  private KeyWrappers() {}

  /**
   * The wrapper {@code uri} names, such as {@code vault-transit:transit/keys/fieldcrypt}.
   *
   * @throws KeyringConfigException when the URI is malformed or no provider handles its scheme
   */
  public static KeyWrapper open(String uri, Map<String, String> environment) {
    if (uri == null) {
      throw new InvalidArgumentException("the KMS key URI must not be null");
    }
    if (environment == null) {
      throw new InvalidArgumentException("environment must not be null (pass Map.of() for none)");
    }
    Matcher m = URI.matcher(uri.strip());
    if (!m.matches()) {
      throw new KeyringConfigException(
          "'"
              + uri
              + "' is not a KMS key URI; write <scheme>:<key id>, e.g."
              + " aws-kms:arn:aws:kms:eu-west-1:111122223333:key/… or"
              + " vault-transit:transit/keys/fieldcrypt.");
    }
    return open(m.group(1), m.group(2), environment);
  }

  /**
   * The wrapper of {@code scheme} for {@code keyId}: what an encrypted keyring file's header names.
   *
   * @throws KeyringConfigException when no provider handles {@code scheme}
   */
  public static KeyWrapper open(String scheme, String keyId, Map<String, String> environment) {
    String s = scheme.toLowerCase(Locale.ROOT);
    TreeSet<String> known = new TreeSet<>();
    Iterator<KeyWrapperProvider> it = providers();
    while (true) {
      KeyWrapperProvider p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (ServiceConfigurationError e) {
        throw new KeyringConfigException(
            "a KMS key provider on the classpath cannot be loaded ("
                + e.getMessage()
                + "); fix or remove the module that registers it in"
                + " META-INF/services/dev.fieldcrypt.core.KeyWrapperProvider.",
            e);
      }
      known.add(p.scheme());
      if (s.equals(p.scheme())) {
        KeyWrapper w = p.open(keyId, environment);
        if (w == null) {
          throw new KeyringConfigException(
              "the KMS key provider " + p.getClass().getName() + " returned no key wrapper.");
        }
        return w;
      }
    }
    String module = MODULES.get(s);
    throw new KeyringConfigException(
        "no KMS key provider handles '"
            + s
            + ":' (known: "
            + (known.isEmpty() ? "none" : String.join(", ", known))
            + "); "
            + (module != null
                ? "add the module " + module + " to the classpath."
                : "add the fieldcrypt module that provides it to the classpath."));
  }

  private static Iterator<KeyWrapperProvider> providers() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context != null ? context : KeyWrappers.class.getClassLoader();
    return ServiceLoader.load(KeyWrapperProvider.class, loader).iterator();
  }
}
