package dev.fieldcrypt.vault;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A keyring in a HashiCorp Vault KV v2 secret, {@code vault:MOUNT/PATH}: the secret's fields are
 * the dotenv names ({@code ACTIVE_ENCRYPTION_VERSION}, {@code ENCRYPTION_KEYS__v1}, {@code
 * ENCRYPTION_SALT__v1}, {@code ENCRYPTION_SALT_HASH__v1}, …), as {@code vault kv put
 * secret/myapp/encryption …} stores them, and environment variables of the same names (or their
 * {@code _FILE}) override them on {@link #load()}. Configured by Vault's own variables ({@code
 * VAULT_ADDR}, {@code VAULT_TOKEN}, {@code VAULT_NAMESPACE}, {@code VAULT_CACERT}, AppRole,
 * Kubernetes); see the module README for every setting.
 *
 * <p><b>Cache.</b> {@link #load()} serves the fields it read within {@code
 * FIELDCRYPT_VAULT_CACHE_TTL} (5 minutes by default) without asking Vault again; the environment's
 * overrides are applied on every load. A live keyring holder refreshes on its own schedule and
 * keeps its last good keyring while Vault is down, so give it {@code FIELDCRYPT_VAULT_CACHE_TTL=0}
 * (every load reads Vault) or call {@link #invalidate()} before a refresh that must see the store.
 * Writes always read Vault first and refresh the cache with what they wrote.
 *
 * <p><b>Writes.</b> {@link #update}, {@link #create} and {@link #replace} write a new version with
 * check-and-set on the version read, so of two operators rotating at once the second gets a {@link
 * VaultConflictException} (a {@link dev.fieldcrypt.core.KeyringConflictException}) and nothing is
 * lost; the previous version stays in the secret's history ({@link KeyringChange#previous()} names
 * it, {@code vault kv rollback} restores it). Writes never include environment overrides; fields of
 * the secret that are not keyring names are kept.
 *
 * <p>Errors are {@link VaultException}s naming VAULT_ADDR, the path and the remedy, never a token
 * or a value. Thread-safe; one HTTP client per source (connections are reused).
 *
 * <pre>{@code
 * KeySource source = KeySources.open("vault:secret/myapp/encryption");
 * FieldCipher cipher = FieldCipher.create(source.load());
 * }</pre>
 */
public final class VaultKeySource implements KeySource {
  /** The URI scheme, {@code vault}. */
  public static final String SCHEME = "vault";

  private final VaultLocation location;
  private final VaultConfig config;
  private final Map<String, String> env;
  private final Clock clock;
  private final VaultHttp http;
  private final VaultKv kv;
  private volatile Cached cache;

  private record Cached(VaultKv.Stored stored, Instant readAt) {}

  private VaultKeySource(VaultLocation location, Map<String, String> env, Clock clock) {
    this.location = location;
    this.config = VaultConfig.from(env);
    this.env = Map.copyOf(env);
    this.clock = clock;
    this.http = new VaultHttp(config);
    this.kv = new VaultKv(new VaultAuth(http, clock), config, location);
  }

  /**
   * The source of {@code vault:<location>}, configured from {@code environment}. Does no I/O.
   *
   * @throws KeyringConfigException when the location or a setting is invalid
   * @throws InvalidArgumentException when an argument is null
   */
  public static VaultKeySource create(String location, Map<String, String> environment) {
    return create(location, environment, Clock.systemUTC());
  }

  static VaultKeySource create(String location, Map<String, String> environment, Clock clock) {
    if (location == null || environment == null) {
      throw new InvalidArgumentException(
          "location and environment must not be null (pass Map.of() for no environment)");
    }
    return new VaultKeySource(VaultLocation.parse(location), environment, clock);
  }

  /**
   * The keyring the secret holds (from the cache within its TTL), with the environment's overrides.
   *
   * @throws VaultSecretNotFoundException when there is no secret at the path
   * @throws VaultException when Vault cannot be asked or refuses (see the subclasses)
   * @throws KeyringConfigException when the secret holds no valid keyring
   */
  @Override
  public Keyring load() {
    Cached c = cache;
    VaultKv.Stored stored;
    if (c != null && clock.instant().isBefore(c.readAt().plus(config.cacheTtl()))) {
      stored = c.stored();
    } else {
      stored = readFresh();
    }
    if (!stored.exists()) {
      throw notFound();
    }
    return KeyringEntries.fromFields(stored.fields(), subject(), env);
  }

  /** Drops the cached fields: the next {@link #load()} reads Vault. */
  @Override
  public void invalidate() {
    cache = null;
  }

  /** Asks {@code sys/health} once, past retries and breaker; never throws for Vault's state. */
  public VaultHealth health() {
    String breaker = http.breakerState().name();
    try {
      VaultResponse r = http.sendOnce("GET", "sys/health");
      return VaultHealth.of(r.status(), r.json(), breaker, config.address().toString());
    } catch (IOException e) {
      return VaultHealth.unreachable(
          breaker, config.address().toString(), e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return VaultHealth.unreachable(breaker, config.address().toString(), "interrupted");
    }
  }

  @Override
  public String describe() {
    return "vault " + location + " at " + config.address() + " + environment";
  }

  /** Vault's KV v2 is writable, with check-and-set. */
  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public KeyringChange update(UnaryOperator<Keyring> change) {
    if (change == null) {
      throw new InvalidArgumentException("change must not be null");
    }
    VaultKv.Stored stored = readFresh();
    if (!stored.exists()) {
      throw new VaultSecretNotFoundException(
          describe()
              + " holds no keyring to change; create one with 'fieldcrypt generate --keyring"
              + " vault:"
              + location
              + "'.");
    }
    Keyring before = KeyringEntries.fromFields(stored.fields(), subject(), Map.of());
    Keyring after = change.apply(before);
    if (after == null) {
      throw new InvalidArgumentException("the keyring change returned null");
    }
    if (after == before) {
      return KeyringChange.unchanged(before);
    }
    write(stored, after);
    return new KeyringChange(before, after, true, previous(stored));
  }

  @Override
  public KeyringChange create(Keyring keyring) {
    requireKeyring(keyring);
    VaultKv.Stored stored = readFresh();
    if (stored.exists()) {
      throw new KeyringConfigException(
          describe()
              + " already holds a keyring (version "
              + stored.version()
              + "); change it with rotate, or replace it with 'generate --force'.");
    }
    write(stored, keyring);
    return new KeyringChange(null, keyring, true, null);
  }

  @Override
  public KeyringChange replace(Keyring keyring) {
    requireKeyring(keyring);
    VaultKv.Stored stored = readFresh();
    write(stored, keyring);
    return new KeyringChange(null, keyring, true, stored.exists() ? previous(stored) : null);
  }

  private void write(VaultKv.Stored stored, Keyring keyring) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (stored.exists()) {
      // Fields that are not the keyring's (a note, an owner) stay as the operator put them.
      stored
          .fields()
          .forEach(
              (k, v) -> {
                if (!KeyringEntries.isKeyringName(k)) {
                  fields.put(k, v);
                }
              });
    }
    fields.putAll(KeyringEntries.toFields(keyring));
    int version = kv.write(fields, stored.version());
    cache = new Cached(new VaultKv.Stored(Map.copyOf(fields), version), clock.instant());
  }

  private VaultKv.Stored readFresh() {
    VaultKv.Stored stored = kv.read();
    // An absent secret is not cached: once an operator stores it, the next load sees it.
    cache = stored.exists() ? new Cached(stored, clock.instant()) : null;
    return stored;
  }

  private String previous(VaultKv.Stored stored) {
    return "version " + stored.version() + " of vault " + location;
  }

  private VaultSecretNotFoundException notFound() {
    return new VaultSecretNotFoundException(
        "Vault at VAULT_ADDR="
            + config.address()
            + " holds no secret at "
            + location
            + " (GET /v1/"
            + location.dataPath()
            + " answered 404, or its latest version is deleted). Check the mount and path of"
            + " vault:MOUNT/PATH ('vault kv get "
            + location
            + "'), or create the keyring with 'fieldcrypt generate --keyring vault:"
            + location
            + "'.");
  }

  private String subject() {
    return "vault " + location;
  }

  private static void requireKeyring(Keyring keyring) {
    if (keyring == null) {
      throw new InvalidArgumentException("keyring must not be null");
    }
  }

  /** Package-private access for tests: the transport (attempt counts, breaker state). */
  VaultHttp http() {
    return http;
  }

  @Override
  public String toString() {
    return "VaultKeySource[vault:" + location + " at " + config.address() + "]";
  }
}
