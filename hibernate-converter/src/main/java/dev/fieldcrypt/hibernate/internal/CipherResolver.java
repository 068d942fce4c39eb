package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.hibernate.FieldcryptSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.boot.spi.MetadataBuildingContext;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the {@link FieldCipher} of one SessionFactory from its settings (see {@link
 * FieldcryptSettings}), once per bootstrap: the only registry, keyed weakly by Hibernate's {@link
 * BootstrapContext}, so two SessionFactories never share a keyring unless they are given the same.
 * A live keyring it opens is handed to the factory by {@link KeyringIntegrator}, which closes it.
 */
final class CipherResolver {
  private static final Logger log = LoggerFactory.getLogger(CipherResolver.class);
  private static final Map<BootstrapContext, Resolved> BY_BOOTSTRAP = new WeakHashMap<>();

  /**
   * A cipher, when it is live the holder it follows, and where its keys came from (for the log).
   */
  record Resolved(FieldCipher cipher, LiveKeyring live, String source) {
    Resolved(FieldCipher cipher, LiveKeyring live) {
      this(
          cipher,
          live,
          live == null
              ? "setting '"
                  + FieldcryptSettings.CIPHER
                  + "' or '"
                  + FieldcryptSettings.KEYRING
                  + "'"
              : live.status().source());
    }
  }

  /** The context each {@code @Encrypted} attribute was bound with, per bootstrap. */
  private static final Map<BootstrapContext, Map<String, String>> CONTEXTS = new WeakHashMap<>();

  private CipherResolver() {}

  static synchronized FieldCipher resolve(MetadataBuildingContext ctx) {
    BootstrapContext bootstrap = ctx.getBootstrapContext();
    Resolved resolved = BY_BOOTSTRAP.get(bootstrap);
    if (resolved == null) {
      Map<String, Object> settings =
          bootstrap.getServiceRegistry().requireService(ConfigurationService.class).getSettings();
      resolved = fromSettings(settings);
      BY_BOOTSTRAP.put(bootstrap, resolved);
      log.info(
          "fieldcrypt keyring loaded from {}{}: active version {}, versions {}",
          resolved.source(),
          resolved.live() == null ? "" : " (live)",
          resolved.cipher().activeVersion(),
          resolved.cipher().keyring().labels());
    }
    return resolved.cipher();
  }

  /** The live keyring this bootstrap opened, or null. */
  static synchronized LiveKeyring liveOf(BootstrapContext bootstrap) {
    Resolved r = BY_BOOTSTRAP.get(bootstrap);
    return r == null ? null : r.live();
  }

  /** Records that {@code entity.attribute} was bound with {@code context}. */
  static synchronized void recordContext(
      BootstrapContext bootstrap, String entity, String attribute, String context) {
    CONTEXTS
        .computeIfAbsent(bootstrap, b -> new java.util.HashMap<>())
        .put(entity + "#" + attribute, context);
  }

  /** The context {@code entity.attribute} was bound with, or null when it is not encrypted. */
  static synchronized String contextOf(
      BootstrapContext bootstrap, String entity, String attribute) {
    Map<String, String> m = CONTEXTS.get(bootstrap);
    return m == null ? null : m.get(entity + "#" + attribute);
  }

  /** The cipher this bootstrap resolved (for its {@code @Encrypted} attributes), or null. */
  static synchronized FieldCipher cipherOf(BootstrapContext bootstrap) {
    Resolved r = BY_BOOTSTRAP.get(bootstrap);
    return r == null ? null : r.cipher();
  }

  static Resolved fromSettings(Map<String, Object> settings) {
    Object uri = settings.get(FieldcryptSettings.KEYRING_URI);
    if (uri != null) {
      return fromUri(settings, uri.toString());
    }
    Object cipher = settings.get(FieldcryptSettings.CIPHER);
    if (cipher != null) {
      if (cipher instanceof FieldCipher fc) {
        return new Resolved(fc, null);
      }
      throw wrongType(FieldcryptSettings.CIPHER, cipher, "a dev.fieldcrypt.core.FieldCipher");
    }
    Object keyring = settings.get(FieldcryptSettings.KEYRING);
    if (keyring instanceof Keyring k) {
      return new Resolved(FieldCipher.create(k), null);
    }
    if (keyring instanceof KeySource source) {
      return fromSource(settings, source, false);
    }
    if (keyring != null) {
      throw wrongType(FieldcryptSettings.KEYRING, keyring, "a Keyring or KeySource object");
    }
    return fromFile(settings);
  }

  private static Resolved fromUri(Map<String, Object> settings, String uri) {
    for (String other :
        new String[] {
          FieldcryptSettings.KEYRING_FILE,
          FieldcryptSettings.KEYRING,
          FieldcryptSettings.CIPHER,
          FieldcryptSettings.ALLOW_INSECURE_PERMISSIONS
        }) {
      if (settings.get(other) != null) {
        throw new KeyringConfigException(
            "both '"
                + FieldcryptSettings.KEYRING_URI
                + "' and '"
                + other
                + "' are set; keep one of them (for a file, "
                + FieldcryptSettings.KEYRING_URI
                + "=file:PATH replaces "
                + FieldcryptSettings.KEYRING_FILE
                + "=PATH).");
      }
    }
    try {
      return fromSource(settings, KeySources.open(uri), true);
    } catch (KeyringConfigException e) {
      throw new KeyringConfigException(
          e.getMessage() + " (from setting '" + FieldcryptSettings.KEYRING_URI + "')", e);
    }
  }

  private static Resolved fromFile(Map<String, Object> settings) {
    Object file = settings.get(FieldcryptSettings.KEYRING_FILE);
    boolean insecure =
        Boolean.parseBoolean(
            String.valueOf(
                settings.getOrDefault(FieldcryptSettings.ALLOW_INSECURE_PERMISSIONS, "false")));
    if (file != null && file.toString().isBlank()) {
      throw new KeyringConfigException(
          "setting '"
              + FieldcryptSettings.KEYRING_FILE
              + "' is empty; set it to the path of the keyring file (for example"
              + " /run/secrets/env.crypto), or remove it to use "
              + DotenvKeySource.DEFAULT_FILE
              + " in the working directory.");
    }
    Path path = Path.of(file == null ? DotenvKeySource.DEFAULT_FILE : file.toString().strip());
    try {
      return fromSource(
          settings,
          DotenvKeySource.builder().file(path).allowInsecurePermissions(insecure).build(),
          false);
    } catch (KeyringConfigException e) {
      String how =
          file == null
              ? " (no '"
                  + FieldcryptSettings.KEYRING_FILE
                  + "' or '"
                  + FieldcryptSettings.KEYRING
                  + "' setting, so the default "
                  + DotenvKeySource.DEFAULT_FILE
                  + " was used)"
              : " (from setting '" + FieldcryptSettings.KEYRING_FILE + "')";
      throw new KeyringConfigException(e.getMessage() + how, e);
    }
  }

  /**
   * A live cipher over {@code source} when {@code live} or a refresh interval is set; else the
   * keyring loaded once, as before live keyrings.
   */
  private static Resolved fromSource(Map<String, Object> settings, KeySource source, boolean live) {
    Duration interval = SettingDurations.read(settings, FieldcryptSettings.REFRESH_INTERVAL);
    Duration onDemand = SettingDurations.read(settings, FieldcryptSettings.ON_DEMAND_MIN_INTERVAL);
    if (!live && interval == null) {
      return new Resolved(FieldCipher.create(source.load()), null, source.describe());
    }
    LiveKeyring.Builder b = LiveKeyring.builder(source);
    if (interval != null) {
      b.refreshInterval(interval);
    }
    if (onDemand != null) {
      b.minOnDemandInterval(onDemand);
    }
    LiveKeyring holder = b.build().start();
    return new Resolved(FieldCipher.live(holder), holder);
  }

  private static KeyringConfigException wrongType(String setting, Object value, String expected) {
    return new KeyringConfigException(
        "setting '"
            + setting
            + "' holds a "
            + value.getClass().getName()
            + "; expected "
            + expected
            + ".");
  }
}
