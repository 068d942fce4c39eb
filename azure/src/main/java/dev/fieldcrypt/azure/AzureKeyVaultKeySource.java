package dev.fieldcrypt.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.KeyringConflictException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The keyring in an Azure Key Vault secret, {@code
 * azure-kv:https://<vault>.vault.azure.net/secrets/<name>}: the latest version's value is the
 * keyring as dotenv text or as a JSON object of the same names; environment variables of those
 * names override it. Writes add a new version holding dotenv text, so every earlier keyring stays
 * in the secret's history ({@code previous} names the version that was read).
 *
 * <p><b>Concurrency.</b> Key Vault has no compare-and-set, so a write is checked twice: right
 * before the {@code PUT} the latest version is read again and the write refused ({@link
 * KeyringConflictException}) when it is not the one the change was computed from; after the {@code
 * PUT} the version list is read and the write reported as a conflict, naming both versions, when
 * another version was created between the two (see {@link VersionHistory}). The window that remains
 * is between the re-read and the {@code PUT}: a writer that lands there is not prevented, only
 * reported. Neither keyring is lost, since both versions stay in the history and the one written
 * here holds everything it read; the operator makes the latest hold every key and runs the command
 * again.
 *
 * <p><b>Credentials and resilience.</b> The caller signs in with {@code DefaultAzureCredential}
 * (environment, workload identity, managed identity, then developer tools; {@code
 * AZURE_TOKEN_CREDENTIALS=prod} keeps the first three), configured from the environment map given
 * to the source, never from a URI or command line. Throttling, 5xx answers and network failures are
 * retried with exponential backoff ({@link AzureSettings}); what still fails is an {@link
 * AzureKeyVaultException} naming the vault, the secret, the kind of failure and the remedy, never a
 * token or a value. HTTP logging is off whatever {@code AZURE_HTTP_LOG_DETAIL_LEVEL} says: a logged
 * body would be the keyring.
 *
 * <p>Thread-safe; every {@link #load()} reads the vault again.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("azure-kv:https://app-kv.vault.azure.net/secrets/fieldcrypt");
 * Keyring keyring = source.load();
 * }</pre>
 */
public final class AzureKeyVaultKeySource implements KeySource {
  private final SecretAddress address;
  private final Map<String, String> environment;
  private final AzureSettings settings;
  private final SecretStore store;

  private AzureKeyVaultKeySource(Builder b) {
    this.address = b.address;
    this.environment = b.environment;
    this.settings = b.settings != null ? b.settings : AzureSettings.from(b.environment);
    this.store =
        new SecretStore(
            new AzureClients(
                    b.environment, settings, b.credential, b.httpClient, b.verifyChallengeResource)
                .secretClient(address.vaultUrl()),
            address,
            settings);
  }

  /** A builder: {@link Builder#secretUrl(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Keyring load() {
    StoredVersion latest = latest().orElseThrow(() -> notFound("reading"));
    return SecretContent.read(latest.value(), address, environment);
  }

  @Override
  public String describe() {
    return address.subject() + " + environment";
  }

  @Override
  public boolean writable() {
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Writes a new version; {@code previous} is {@code "version <id> of azure-kv <url>"}, the
   * version that was read.
   */
  @Override
  public KeyringChange update(UnaryOperator<Keyring> change) {
    if (change == null) {
      throw new InvalidArgumentException("change must not be null");
    }
    StoredVersion read = latest().orElseThrow(() -> notFound("updating"));
    Keyring before = SecretContent.read(read.value(), address, Map.of());
    Keyring after = change.apply(before);
    if (after == null) {
      throw new InvalidArgumentException("the change returned no keyring");
    }
    if (after == before) {
      return KeyringChange.unchanged(before);
    }
    write(read, after);
    return new KeyringChange(before, after, true, previous(read));
  }

  /**
   * {@inheritDoc}
   *
   * @throws KeyringConflictException when the secret exists already (even if its value is not a
   *     keyring), or another writer created it at the same time
   */
  @Override
  public KeyringChange create(Keyring keyring) {
    requireKeyring(keyring);
    Optional<StoredVersion> existing = latest();
    if (existing.isPresent()) {
      throw new KeyringConflictException(
          address.subject()
              + " already exists (latest version "
              + existing.get().version()
              + "); fieldcrypt creates a keyring only where there is none. Change it with rotate,"
              + " or replace it with generate --force.");
    }
    write(null, keyring);
    return new KeyringChange(null, keyring, true, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also works when the latest version holds no valid keyring ({@code before} is then null).
   */
  @Override
  public KeyringChange replace(Keyring keyring) {
    requireKeyring(keyring);
    Optional<StoredVersion> read = latest();
    if (read.isEmpty()) {
      return create(keyring);
    }
    Keyring before = parsedOrNull(read.get());
    write(read.get(), keyring);
    return new KeyringChange(before, keyring, true, previous(read.get()));
  }

  @Override
  public String toString() {
    return describe();
  }

  private Optional<StoredVersion> latest() {
    return store.latest();
  }

  private void write(StoredVersion read, Keyring keyring) {
    store.write(read, KeyringEntries.toText(keyring));
  }

  private Keyring parsedOrNull(StoredVersion read) {
    try {
      return SecretContent.read(read.value(), address, Map.of());
    } catch (KeyringConfigException e) {
      return null; // replace is how a damaged keyring is restored
    }
  }

  private String previous(StoredVersion read) {
    return "version " + read.version() + " of " + address.subject();
  }

  private AzureKeyVaultException notFound(String action) {
    return AzureErrors.notFound(action, address, null);
  }

  private static void requireKeyring(Keyring keyring) {
    if (keyring == null) {
      throw new InvalidArgumentException("keyring must not be null");
    }
  }

  /**
   * Builds an {@link AzureKeyVaultKeySource}. Not thread-safe; {@link #build()} validates.
   *
   * <pre>{@code
   * KeySource source = AzureKeyVaultKeySource.builder()
   *     .secretUrl("https://app-kv.vault.azure.net/secrets/fieldcrypt")
   *     .environment(System.getenv())
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    SecretAddress address;
    Map<String, String> environment = System.getenv();
    AzureSettings settings;
    TokenCredential credential;
    HttpClient httpClient;
    boolean verifyChallengeResource = true;

    private Builder() {}

    /**
     * The secret, {@code https://<vault>.vault.azure.net/secrets/<name>} (what follows {@code
     * azure-kv:}).
     *
     * @throws KeyringConfigException when it is not such a URL
     */
    public Builder secretUrl(String url) {
      if (url == null) {
        throw new InvalidArgumentException("the secret URL must not be null");
      }
      this.address = SecretAddress.parse(url);
      return this;
    }

    /** The environment to read overrides, settings and credential variables from; not null. */
    public Builder environment(Map<String, String> environment) {
      if (environment == null) {
        throw new InvalidArgumentException("environment must not be null (pass Map.of())");
      }
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Retry and timeout settings; by default {@link AzureSettings#from(Map)} of the environment.
     */
    public Builder settings(AzureSettings settings) {
      this.settings = settings;
      return this;
    }

    /**
     * The credential, for callers that build their own (tests, an application's shared {@code
     * TokenCredential}); by default {@code DefaultAzureCredential} from the environment.
     */
    public Builder credential(TokenCredential credential) {
      this.credential = credential;
      return this;
    }

    /**
     * The HTTP client (a proxy, a custom trust store); by default the JDK's client with the
     * settings' timeout. A client given here keeps its own timeouts.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /**
     * For the tests' local server only: accept a challenge whose resource domain is not the vault's
     * host (the SDK's {@code disableChallengeResourceVerification()}). Never used in production,
     * where the check keeps a token for Key Vault from being sent to another host.
     */
    Builder skipChallengeResourceVerification() {
      this.verifyChallengeResource = false;
      return this;
    }

    /**
     * The source.
     *
     * @throws KeyringConfigException when no secret URL was given, or a setting is invalid
     */
    public AzureKeyVaultKeySource build() {
      if (address == null) {
        throw new KeyringConfigException(
            "no Azure Key Vault secret named; call secretUrl(\"https://<vault>.vault.azure.net"
                + "/secrets/<name>\").");
      }
      return new AzureKeyVaultKeySource(this);
    }
  }
}
