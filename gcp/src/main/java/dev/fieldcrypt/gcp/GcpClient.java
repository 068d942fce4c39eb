package dev.fieldcrypt.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import java.io.IOException;
import java.util.function.Function;

/**
 * One lazily created {@link SecretManagerServiceClient} for a source, and the one place where its
 * failures become {@link GcpSecretManagerException}s. The client (its gRPC channel and daemon
 * threads) lives until {@link #close()}, so that a live keyring refreshing every minute reuses one
 * connection and one cached access token. Thread-safe.
 */
final class GcpClient implements AutoCloseable {
  private final GcpSettings settings;
  private final TransportChannelProvider channel;
  private final CredentialsProvider credentials;
  private final String resource;
  private SecretManagerServiceClient client; // guarded by this

  /**
   * A client for {@code resource} (named in messages), with {@code channel} and {@code creds}
   * replacing the default transport and Application Default Credentials when not null (tests).
   */
  GcpClient(
      GcpSettings settings,
      String resource,
      TransportChannelProvider channel,
      CredentialsProvider creds) {
    this.settings = settings;
    this.resource = resource;
    this.channel = channel;
    this.credentials = creds;
  }

  GcpSettings settings() {
    return settings;
  }

  /**
   * Runs {@code rpc}, turning an SDK failure into the typed exception for the call {@code what},
   * except failures of the {@code expected} types, which the caller handles.
   */
  @SafeVarargs
  final <T> T call(
      String what,
      Function<SecretManagerServiceClient, T> rpc,
      Class<? extends ApiException>... expected) {
    SecretManagerServiceClient c = client();
    try {
      return rpc.apply(c);
    } catch (ApiException e) {
      for (Class<? extends ApiException> type : expected) {
        if (type.isInstance(e)) {
          throw e;
        }
      }
      throw GcpErrors.of(e, what, resource, settings);
    }
  }

  private synchronized SecretManagerServiceClient client() {
    if (client == null) {
      try {
        client = SecretManagerServiceClient.create(settings.clientSettings(channel, credentials));
      } catch (IOException e) {
        // The SDK's message names files and environment variables; none of it is needed here.
        throw GcpErrors.unauthenticated(
            "no Application Default Credentials could be loaded to read " + resource + ": ");
      }
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
