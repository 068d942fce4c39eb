package dev.fieldcrypt.gcp;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySourceProvider;
import dev.fieldcrypt.core.KeyringConfigException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code gcp-sm} scheme: {@code gcp-sm:projects/PROJECT/secrets/SECRET} opens a {@link
 * GcpSecretManagerKeySource} on that secret, with the settings of the environment given ({@link
 * GcpSettings}). {@code PROJECT} is a project id or number, {@code SECRET} a secret id ({@code
 * [A-Za-z0-9_-]{1,255}}). Registered in {@code
 * META-INF/services/dev.fieldcrypt.core.KeySourceProvider}; stateless, no I/O when opening.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("gcp-sm:projects/my-project/secrets/fieldcrypt-keyring");
 * }</pre>
 */
public final class GcpSecretManagerKeySourceProvider implements KeySourceProvider {
  private static final Pattern LOCATION =
      Pattern.compile(
          "projects/("
              + GcpSecretManagerKeySource.PROJECT
              + ")/secrets/("
              + GcpSecretManagerKeySource.SECRET
              + ")");

  /** For {@link java.util.ServiceLoader}. */
  public GcpSecretManagerKeySourceProvider() {}

  @Override
  public String scheme() {
    return GcpSecretManagerKeySource.SCHEME;
  }

  @Override
  public KeySource open(String location, Map<String, String> environment) {
    Matcher m = LOCATION.matcher(location);
    if (!m.matches()) {
      throw new KeyringConfigException(
          "the key source 'gcp-sm:"
              + (location.length() > 300 ? location.substring(0, 300) + "…" : location)
              + "' is not a secret's resource name; write"
              + " gcp-sm:projects/PROJECT/secrets/SECRET (PROJECT an id or number, SECRET letters,"
              + " digits, '_' or '-'), without '/versions/…': fieldcrypt reads the latest version.");
    }
    return GcpSecretManagerKeySource.of(m.group(1), m.group(2), environment);
  }
}
