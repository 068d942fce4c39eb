package dev.fieldcrypt.spring.boot.internal;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the application's one keyring from {@link KeyringSettings}. Every failure is a {@link
 * KeyringConfigException} whose message names the source and the property that chose it (the
 * starter's failure analyzer prints it as the startup error); never a key or a salt.
 */
public final class KeyringFactory {
  private static final Logger log = LoggerFactory.getLogger(KeyringFactory.class);

  private KeyringFactory() {}

  /** The key source the settings name, not yet loaded. */
  public static KeySource source(KeyringSettings s) {
    if (s.uri() != null) {
      String other =
          s.file() != null
              ? "file"
              : s.allowInsecurePermissions() ? "allow-insecure-permissions" : null;
      if (other != null) {
        throw new KeyringConfigException(
            "both '"
                + s.property("uri")
                + "' and '"
                + s.property(other)
                + "' are set; keep one of them (for a file, "
                + s.property("uri")
                + "=file:PATH replaces "
                + s.property("file")
                + "=PATH; the permission check applies to file: URIs as well).");
      }
      if (s.uri().isBlank()) {
        throw new KeyringConfigException(
            "property '"
                + s.property("uri")
                + "' is empty; set it to a key source URI such as file:/run/secrets/env.crypto,"
                + " or remove it.");
      }
      try {
        return KeySources.open(s.uri().strip());
      } catch (KeyringConfigException e) {
        throw new KeyringConfigException(
            e.getMessage() + " (from property '" + s.property("uri") + "')", e);
      }
    }
    if (s.file() != null && s.file().isBlank()) {
      throw new KeyringConfigException(
          "property '"
              + s.property("file")
              + "' is empty; set it to the path of the keyring file (for example"
              + " /run/secrets/env.crypto), or remove it to use "
              + DotenvKeySource.DEFAULT_FILE
              + " in the working directory.");
    }
    Path path = Path.of(s.file() == null ? DotenvKeySource.DEFAULT_FILE : s.file().strip());
    return DotenvKeySource.builder()
        .file(path)
        .allowInsecurePermissions(s.allowInsecurePermissions())
        .build();
  }

  /** A started live keyring over the settings' source; its first load is strict. */
  public static LiveKeyring live(KeyringSettings s) {
    KeySource source = source(s);
    LiveKeyring.Builder b = LiveKeyring.builder(source);
    if (s.refreshInterval() != null) {
      b.refreshInterval(s.refreshInterval());
    }
    if (s.onDemandMinInterval() != null) {
      b.minOnDemandInterval(s.onDemandMinInterval());
    }
    LiveKeyring live;
    try {
      live = b.build().start();
    } catch (KeyringConfigException e) {
      throw because(e, source, s);
    }
    logLoaded(live.current(), source, s, "live");
    return live;
  }

  /** The cipher: over {@code live} when there is one, else over the keyring loaded once. */
  public static FieldCipher cipher(KeyringSettings s, LiveKeyring live) {
    if (live != null) {
      return FieldCipher.live(live);
    }
    KeySource source = source(s);
    Keyring keyring;
    try {
      keyring = source.load();
    } catch (KeyringConfigException e) {
      throw because(e, source, s);
    }
    logLoaded(keyring, source, s, "loaded once");
    return FieldCipher.create(keyring);
  }

  private static KeyringConfigException because(
      KeyringConfigException e, KeySource source, KeyringSettings s) {
    return new KeyringConfigException(
        "cannot load the fieldcrypt keyring from "
            + source.describe()
            + " ("
            + origin(s)
            + "): "
            + e.getMessage(),
        e);
  }

  private static String origin(KeyringSettings s) {
    if (s.uri() != null) {
      return "property '" + s.property("uri") + "'";
    }
    if (s.file() != null) {
      return "property '" + s.property("file") + "'";
    }
    return "no '"
        + s.property("file")
        + "' or '"
        + s.property("uri")
        + "' property, so the default "
        + DotenvKeySource.DEFAULT_FILE
        + " in the working directory";
  }

  private static void logLoaded(Keyring k, KeySource source, KeyringSettings s, String how) {
    log.info(
        "fieldcrypt keyring {} from {} ({}): active version {}, versions {}",
        how,
        source.describe(),
        origin(s),
        k.activeVersion(),
        k.labels());
  }
}
