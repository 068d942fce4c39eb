package dev.fieldcrypt.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.KeyringConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A keyring kept in a Google Cloud Secret Manager secret, {@code
 * gcp-sm:projects/PROJECT/secrets/SECRET}. {@link #load()} reads {@code versions/latest}
 * (AccessSecretVersion), checks the payload's CRC32C, and reads it as dotenv text or as a JSON
 * object with the same names, then applies the environment's overrides. Writes add a new version
 * holding the dotenv text (with its CRC32C); earlier versions stay, so the previous keyring is
 * restorable from the version {@link KeyringChange#previous()} names.
 *
 * <p><b>Concurrency.</b> AddSecretVersion takes no etag, so writers follow a protocol built on the
 * one etag-checked change Secret Manager offers, UpdateSecret ({@code secrets.patch}, which fails
 * with FAILED_PRECONDITION when the etag given is not the current one; docs "Use entity tags for
 * optimistic concurrency control"): (1) GetSecret (etag and annotations), (2) ListSecretVersions
 * (the newest version number, the newest enabled one) and AccessSecretVersion of the newest enabled
 * one; (3) if the annotations hold another writer's claim and no version is newer than that claim's
 * base, that writer is between its claim and its version: fail with {@link
 * KeyringConflictException}; (4) UpdateSecret with the etag of step 1, setting the annotations
 * {@code fieldcrypt-write-base} (the newest version read), {@code fieldcrypt-write-id} and {@code
 * fieldcrypt-write-started}: a FAILED_PRECONDITION or ABORTED means another writer claimed first,
 * and this write fails with {@link KeyringConflictException} having changed nothing; (5)
 * AddSecretVersion; if it fails, the claim is withdrawn (etag-guarded again).
 *
 * <p>Guarantee: when every writer of the secret is fieldcrypt (this class), two writers never both
 * add a version built on the same read: of two overlapping writes one fails with a conflict and
 * writes nothing, so no key is lost, and every replaced keyring stays readable as an earlier
 * version. Limits: a writer that dies between (4) and (5) blocks other writers for 5 minutes, after
 * which its claim is taken over; a writer that stalls longer than that between (4) and (5) could
 * still add a version built on a stale read (it refuses to add past half that time, and one call's
 * timeout is at most 2 minutes, so this needs a stall inside the SDK beyond its deadline). Versions
 * added by other tools ({@code gcloud secrets versions add}) bypass the protocol. Readers ({@link
 * #load()}) need no protocol: they see the old or the new version, never a mix.
 *
 * <p>Retries are the SDK's (gax RetrySettings, see {@link GcpSettings}); all calls are safe to
 * retry: a retried claim is recognised by its id, a retried AddSecretVersion at worst adds the same
 * payload twice. Failures are {@link GcpSecretManagerException}s with a {@link
 * GcpSecretManagerException.Reason}. Thread-safe; {@link #close()} releases the gRPC channel (its
 * threads are daemons, so an unclosed source does not keep a JVM alive).
 *
 * <pre>{@code
 * KeySource source = KeySources.open("gcp-sm:projects/my-project/secrets/fieldcrypt-keyring");
 * Keyring keyring = source.load();
 * }</pre>
 */
public final class GcpSecretManagerKeySource implements KeySource, AutoCloseable {
  /** The URI scheme. */
  public static final String SCHEME = "gcp-sm";

  /** A project id (domain-scoped ones included) or number. */
  static final String PROJECT = "[a-z][a-z0-9.:-]{4,61}[a-z0-9]|[0-9]{1,19}";

  /** A secret id. */
  static final String SECRET = "[A-Za-z0-9_-]{1,255}";

  /** How long a claim whose version never came blocks other writers. */
  static final Duration STALE_CLAIM = Duration.ofMinutes(5);

  private final SecretName name;
  private final String subject;
  private final Map<String, String> environment;
  private final GcpClient client;
  private final SecretWrites writes;

  GcpSecretManagerKeySource(
      SecretName name,
      Map<String, String> environment,
      TransportChannelProvider channel,
      CredentialsProvider credentials,
      Clock clock) {
    this.name = name;
    this.subject = SCHEME + " " + name;
    this.environment = Map.copyOf(environment);
    this.client =
        new GcpClient(GcpSettings.fromEnvironment(environment), subject, channel, credentials);
    this.writes = new SecretWrites(client, name, subject, clock, STALE_CLAIM);
  }

  /**
   * The source for secret {@code secret} of project {@code project}, with the settings and
   * overrides of {@code environment}, using Application Default Credentials. No I/O until used.
   *
   * @throws KeyringConfigException when {@code project} or {@code secret} is not a valid id, or a
   *     setting of {@code environment} is invalid
   */
  public static GcpSecretManagerKeySource of(
      String project, String secret, Map<String, String> environment) {
    if (project == null || !project.matches(PROJECT) || secret == null || !secret.matches(SECRET)) {
      throw new KeyringConfigException(
          "a Secret Manager secret is named by a project id or number and a secret id (letters,"
              + " digits, '_' or '-'); got project '"
              + project
              + "', secret '"
              + secret
              + "'.");
    }
    return new GcpSecretManagerKeySource(
        SecretName.of(project, secret), environment, null, null, Clock.systemUTC());
  }

  /** The secret's resource name, {@code projects/PROJECT/secrets/SECRET}. */
  public String secretName() {
    return name.toString();
  }

  @Override
  public Keyring load() {
    String latest = SecretVersionName.of(name.getProject(), name.getSecret(), "latest").toString();
    AccessSecretVersionResponse r =
        client.call("read of the latest version", c -> c.accessSecretVersion(latest));
    String version = r.getName().isEmpty() ? latest : r.getName();
    return GcpPayload.keyring(r.getPayload(), SCHEME + " " + version, environment);
  }

  @Override
  public String describe() {
    return subject + " + environment";
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public KeyringChange update(UnaryOperator<Keyring> change) {
    StoredSecret s = writes.read();
    if (s == null || s.keyring() == null) {
      throw new KeyringConfigException(
          subject
              + (s == null ? " does not exist" : " holds no enabled version")
              + ", so there is no keyring to change; create one with 'fieldcrypt generate"
              + " --keyring "
              + SCHEME
              + ":"
              + name
              + "'.");
    }
    writes.requireNoPendingClaim(s);
    Keyring after = change.apply(s.keyring());
    if (after == s.keyring()) {
      return KeyringChange.unchanged(s.keyring());
    }
    writes.write(s, after);
    return new KeyringChange(s.keyring(), after, true, previous(s.enabled()));
  }

  @Override
  public KeyringChange create(Keyring keyring) {
    StoredSecret s = writes.read();
    if (s == null) {
      if (writes.create(keyring) != null) {
        return new KeyringChange(null, keyring, true, null);
      }
      s = writes.read();
    }
    if (s == null || s.hasVersions()) {
      throw new KeyringConflictException(
          subject
              + " already holds a keyring"
              + (s == null ? "" : " (version " + s.newest() + ")")
              + "; change it with update commands such as 'fieldcrypt rotate', or replace it"
              + " with 'fieldcrypt generate --force'.");
    }
    writes.requireNoPendingClaim(s);
    writes.write(s, keyring);
    return new KeyringChange(null, keyring, true, null);
  }

  @Override
  public KeyringChange replace(Keyring keyring) {
    StoredSecret s = writes.read(true);
    if (s == null) {
      return create(keyring);
    }
    writes.requireNoPendingClaim(s);
    writes.write(s, keyring);
    return new KeyringChange(
        s.keyring(), keyring, true, s.enabled() == 0 ? null : previous(s.enabled()));
  }

  /** Releases the client's gRPC channel; the source opens a new one if used again. */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "GcpSecretManagerKeySource[" + name + ", " + client.settings() + "]";
  }

  private String previous(long version) {
    return "version " + version + " of " + subject;
  }
}
