package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.hibernate.FieldcryptSettings;
import java.nio.file.Path;
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
 */
final class CipherResolver {
  private static final Logger log = LoggerFactory.getLogger(CipherResolver.class);
  private static final Map<BootstrapContext, FieldCipher> BY_BOOTSTRAP = new WeakHashMap<>();

  private CipherResolver() {}

  static synchronized FieldCipher resolve(MetadataBuildingContext ctx) {
    BootstrapContext bootstrap = ctx.getBootstrapContext();
    FieldCipher cipher = BY_BOOTSTRAP.get(bootstrap);
    if (cipher == null) {
      Map<String, Object> settings =
          bootstrap.getServiceRegistry().requireService(ConfigurationService.class).getSettings();
      cipher = fromSettings(settings);
      BY_BOOTSTRAP.put(bootstrap, cipher);
      log.info(
          "fieldcrypt keyring loaded: active version {}, versions {}",
          cipher.activeVersion(),
          cipher.keyring().labels());
    }
    return cipher;
  }

  static FieldCipher fromSettings(Map<String, Object> settings) {
    Object cipher = settings.get(FieldcryptSettings.CIPHER);
    if (cipher != null) {
      if (cipher instanceof FieldCipher fc) {
        return fc;
      }
      throw wrongType(FieldcryptSettings.CIPHER, cipher, "a dev.fieldcrypt.core.FieldCipher");
    }
    Object keyring = settings.get(FieldcryptSettings.KEYRING);
    if (keyring instanceof Keyring k) {
      return FieldCipher.create(k);
    }
    if (keyring instanceof KeySource source) {
      return FieldCipher.create(source.load());
    }
    if (keyring != null) {
      throw wrongType(FieldcryptSettings.KEYRING, keyring, "a Keyring or KeySource object");
    }
    Object file = settings.get(FieldcryptSettings.KEYRING_FILE);
    boolean insecure =
        Boolean.parseBoolean(
            String.valueOf(
                settings.getOrDefault(FieldcryptSettings.ALLOW_INSECURE_PERMISSIONS, "false")));
    Path path = Path.of(file == null ? DotenvKeySource.DEFAULT_FILE : file.toString());
    try {
      return FieldCipher.create(
          DotenvKeySource.builder().file(path).allowInsecurePermissions(insecure).build().load());
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
