package dev.fieldcrypt.gcp;

import com.google.api.gax.rpc.AbortedException;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsRequest;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.FieldMask;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.KeyringConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write protocol of {@link GcpSecretManagerKeySource} (its javadoc says what it guarantees):
 * read the secret's etag, the newest version and the newest enabled one; refuse while another
 * writer's claim is pending; claim with an etag-guarded UpdateSecret; add the version; on a failed
 * add, withdraw the claim. Thread-safe.
 */
final class SecretWrites {
  private static final Logger log = LoggerFactory.getLogger(SecretWrites.class);
  private static final FieldMask ANNOTATIONS =
      FieldMask.newBuilder().addPaths("annotations").build();

  private final GcpClient client;
  private final SecretName name;
  private final String subject;
  private final Clock clock;
  private final Duration staleAfter;

  SecretWrites(
      GcpClient client, SecretName name, String subject, Clock clock, Duration staleAfter) {
    this.client = client;
    this.name = name;
    this.subject = subject;
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  /** The stored state, or null when the secret does not exist. */
  StoredSecret read() {
    return read(false);
  }

  /**
   * The stored state, or null when the secret does not exist; with {@code tolerant}, a newest
   * enabled version that holds no valid keyring reads as a null keyring (what a restore replaces).
   */
  StoredSecret read(boolean tolerant) {
    Secret secret;
    try {
      secret = client.call("read of the secret", c -> c.getSecret(name));
    } catch (GcpSecretManagerException e) {
      if (e.reason() == GcpSecretManagerException.Reason.NOT_FOUND) {
        return null;
      }
      throw e;
    }
    long newest = 0;
    long enabled = 0;
    ListSecretVersionsRequest list =
        ListSecretVersionsRequest.newBuilder().setParent(name.toString()).setPageSize(100).build();
    // Every page is fetched inside the call, so that a failure on any page is mapped too.
    List<SecretVersion> versions =
        client.call("listing of the versions", c -> all(c.listSecretVersions(list).iterateAll()));
    for (SecretVersion v : versions) {
      long n = StoredSecret.number(v.getName());
      newest = Math.max(newest, n);
      if (v.getState() == SecretVersion.State.ENABLED) {
        enabled = Math.max(enabled, n);
      }
    }
    Keyring keyring = enabled == 0 ? null : keyringOf(enabled, tolerant);
    return new StoredSecret(secret, newest, enabled, keyring);
  }

  /** Throws a conflict when another writer's claim on {@code s} is pending and not stale. */
  void requireNoPendingClaim(StoredSecret s) {
    WriteClaim claim = WriteClaim.in(s.secret().getAnnotationsMap());
    if (claim == null || !claim.pendingGiven(s.newest())) {
      return;
    }
    if (claim.staleAt(clock.instant(), staleAfter)) {
      log.warn(
          "{}: taking over a write claimed at {} whose version never came (its writer stopped)",
          subject,
          claim.started());
      return;
    }
    throw new KeyringConflictException(
        subject
            + " changed since it was read: another writer claimed it at "
            + claim.started()
            + " and is adding its version; run the command again.");
  }

  /**
   * Claims {@code s} and adds {@code keyring} as its new version.
   *
   * @return the new version's number
   */
  long write(StoredSecret s, Keyring keyring) {
    WriteClaim claim = WriteClaim.next(s.newest(), clock.instant());
    Secret claimed = claim(s.secret(), claim);
    return add(claimed, s.secret().getAnnotationsMap(), claim, keyring);
  }

  /**
   * Creates the secret with a claim on it and adds {@code keyring} as version 1; null when the
   * secret exists already (the caller then writes through {@link #read()} and {@link #write}).
   */
  Long create(Keyring keyring) {
    WriteClaim claim = WriteClaim.next(0, clock.instant());
    Secret wanted =
        Secret.newBuilder()
            .setReplication(
                Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance()))
            .putAllAnnotations(claim.onto(Map.of()))
            .build();
    CreateSecretRequest request =
        CreateSecretRequest.newBuilder()
            .setParent("projects/" + name.getProject())
            .setSecretId(name.getSecret())
            .setSecret(wanted)
            .build();
    Secret created;
    try {
      created =
          client.call(
              "creation of the secret", c -> c.createSecret(request), AlreadyExistsException.class);
    } catch (AlreadyExistsException e) {
      // Another creator, or our own first attempt whose answer was lost before gax retried it.
      StoredSecret s = read();
      WriteClaim there = s == null ? null : WriteClaim.in(s.secret().getAnnotationsMap());
      if (s == null || s.hasVersions() || there == null || !there.id().equals(claim.id())) {
        return null;
      }
      created = s.secret();
    }
    return add(created, Map.of(), claim, keyring);
  }

  private Secret claim(Secret read, WriteClaim claim) {
    UpdateSecretRequest request =
        UpdateSecretRequest.newBuilder()
            .setSecret(
                Secret.newBuilder()
                    .setName(read.getName())
                    .setEtag(read.getEtag())
                    .putAllAnnotations(claim.onto(read.getAnnotationsMap())))
            .setUpdateMask(ANNOTATIONS)
            .build();
    try {
      return client.call(
          "claim (UpdateSecret with the etag read)",
          c -> c.updateSecret(request),
          FailedPreconditionException.class,
          AbortedException.class);
    } catch (FailedPreconditionException | AbortedException e) {
      // The etag moved: someone wrote since our read. Unless it was our own first attempt whose
      // answer was lost before gax retried it with the same etag.
      Secret now = client.call("read of the secret", c -> c.getSecret(name));
      WriteClaim there = WriteClaim.in(now.getAnnotationsMap());
      if (there != null && there.id().equals(claim.id())) {
        return now;
      }
      throw new KeyringConflictException(
          subject + " changed since it was read (its etag moved); run the command again.");
    }
  }

  private long add(Secret claimed, Map<String, String> before, WriteClaim claim, Keyring keyring) {
    if (claim.staleAt(clock.instant(), staleAfter.dividedBy(2))) {
      withdraw(claimed, before);
      throw new KeyringConflictException(
          subject + " was claimed too long ago to write safely; run the command again.");
    }
    AddSecretVersionRequest request =
        AddSecretVersionRequest.newBuilder()
            .setParent(name.toString())
            .setPayload(GcpPayload.of(keyring))
            .build();
    try {
      SecretVersion v = client.call("addition of a version", c -> c.addSecretVersion(request));
      return StoredSecret.number(v.getName());
    } catch (RuntimeException e) {
      withdraw(claimed, before);
      throw e;
    }
  }

  /** Best effort: puts the annotations back, so that other writers need not wait for staleness. */
  private void withdraw(Secret claimed, Map<String, String> before) {
    UpdateSecretRequest request =
        UpdateSecretRequest.newBuilder()
            .setSecret(
                Secret.newBuilder()
                    .setName(claimed.getName())
                    .setEtag(claimed.getEtag())
                    .putAllAnnotations(before))
            .setUpdateMask(ANNOTATIONS)
            .build();
    try {
      client.call("withdrawal of the claim", c -> c.updateSecret(request));
    } catch (KeyringConfigException e) {
      log.warn(
          "{}: could not withdraw this writer's claim ({}); other writers wait {} for it",
          subject,
          e instanceof GcpSecretManagerException g ? g.reason() : "failed",
          staleAfter);
    }
  }

  private Keyring keyringOf(long version, boolean tolerant) {
    String resource = name + "/versions/" + version;
    var response = client.call("read of version " + version, c -> c.accessSecretVersion(resource));
    try {
      return GcpPayload.keyring(response.getPayload(), "gcp-sm " + resource, Map.of());
    } catch (KeyringConfigException e) {
      if (!tolerant) {
        throw e;
      }
      log.warn("{}: version {} holds no valid keyring; replacing it", subject, version);
      return null;
    }
  }

  private static List<SecretVersion> all(Iterable<SecretVersion> versions) {
    List<SecretVersion> all = new ArrayList<>();
    versions.forEach(all::add);
    return all;
  }
}
