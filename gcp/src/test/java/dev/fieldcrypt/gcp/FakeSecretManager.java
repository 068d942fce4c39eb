package dev.fieldcrypt.gcp;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.GetSecretRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsResponse;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.UpdateSecretRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-memory Secret Manager (google.cloud.secretmanager.v1) served in-process over gRPC, for the
 * real {@code SecretManagerServiceClient}. It follows the RPC reference
 * (cloud.google.com/secret-manager/docs/reference/rpc/google.cloud.secretmanager.v1) and "Use
 * entity tags for optimistic concurrency control" (cloud.google.com/secret-manager/docs/etags):
 * versions numbered from 1, {@code versions/latest} is the newest version and fails with
 * FAILED_PRECONDITION when it is not enabled; NOT_FOUND for a missing secret or version;
 * CreateSecret answers ALREADY_EXISTS for an existing secret and needs a replication policy;
 * UpdateSecret needs an update mask and, when the secret it carries has an etag, fails with
 * FAILED_PRECONDITION unless that etag is the current one; every UpdateSecret gives the secret a
 * new quoted etag, AddSecretVersion does not change the secret's; AddSecretVersion rejects a
 * payload whose {@code data_crc32c} does not match (INVALID_ARGUMENT) and records whether one was
 * sent; AccessSecretVersion returns the CRC32C.
 *
 * <p>The service definition is built by hand from the request and response messages (the generated
 * {@code SecretManagerServiceGrpc} is not served to this build). Faults are injected per method: a
 * queue of statuses answered instead of the call ({@link #fail}), or after applying it ({@link
 * #failAfterApplying}); {@link #calls} counts every attempt that reached the server.
 */
final class FakeSecretManager implements AutoCloseable {
  static final String SERVICE = "google.cloud.secretmanager.v1.SecretManagerService";

  /** A stored version: number, payload, state, whether the client sent a checksum. */
  record StoredVersion(long number, byte[] data, SecretVersion.State state, boolean clientCrc) {}

  private final Object lock = new Object();
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  private final Map<String, List<StoredVersion>> versions = new HashMap<>();
  private final Map<String, Deque<Status>> faults = new ConcurrentHashMap<>();
  private final Map<String, Deque<Status>> faultsAfter = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final String serverName = "fake-sm-" + UUID.randomUUID();
  private final Server server;
  private volatile Runnable beforeAdd;
  private volatile boolean corruptCrc;
  private int etags;

  FakeSecretManager() throws IOException {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                method(
                    "AccessSecretVersion",
                    AccessSecretVersionRequest.getDefaultInstance(),
                    AccessSecretVersionResponse.getDefaultInstance()),
                handler("AccessSecretVersion", this::access))
            .addMethod(
                method(
                    "GetSecret",
                    GetSecretRequest.getDefaultInstance(),
                    Secret.getDefaultInstance()),
                handler("GetSecret", this::getSecret))
            .addMethod(
                method(
                    "UpdateSecret",
                    UpdateSecretRequest.getDefaultInstance(),
                    Secret.getDefaultInstance()),
                handler("UpdateSecret", this::updateSecret))
            .addMethod(
                method(
                    "CreateSecret",
                    CreateSecretRequest.getDefaultInstance(),
                    Secret.getDefaultInstance()),
                handler("CreateSecret", this::createSecret))
            .addMethod(
                method(
                    "AddSecretVersion",
                    AddSecretVersionRequest.getDefaultInstance(),
                    SecretVersion.getDefaultInstance()),
                handler("AddSecretVersion", this::addVersion))
            .addMethod(
                method(
                    "ListSecretVersions",
                    ListSecretVersionsRequest.getDefaultInstance(),
                    ListSecretVersionsResponse.getDefaultInstance()),
                handler("ListSecretVersions", this::listVersions))
            .build();
    server = InProcessServerBuilder.forName(serverName).addService(service).build().start();
  }

  /** A new channel to this server (each client closes its own). */
  ManagedChannel channel() {
    return InProcessChannelBuilder.forName(serverName).build();
  }

  // ---- test controls ----

  /** Answers the next calls of {@code method} with {@code statuses}, one each, without applying. */
  void fail(String method, Status... statuses) {
    faults.computeIfAbsent(method, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
  }

  /** Applies the next calls of {@code method}, then answers {@code statuses} (a lost answer). */
  void failAfterApplying(String method, Status... statuses) {
    faultsAfter
        .computeIfAbsent(method, k -> new ConcurrentLinkedDeque<>())
        .addAll(List.of(statuses));
  }

  /** The attempts of {@code method} that reached the server. */
  int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  /** Runs {@code hook} once, before the next AddSecretVersion is applied. */
  void beforeNextAdd(Runnable hook) {
    beforeAdd = hook;
  }

  /** Makes AccessSecretVersion answer a wrong CRC32C. */
  void corruptChecksums() {
    corruptCrc = true;
  }

  /** Stops the server: every later call fails as a server that is down. */
  void down() {
    server.shutdownNow();
  }

  /** Creates a secret with the payloads as its versions (as gcloud would, without checksums). */
  void put(String secretName, String... payloads) {
    synchronized (lock) {
      secrets.put(secretName, Secret.newBuilder().setName(secretName).setEtag(etag()).build());
      versions.put(secretName, new ArrayList<>());
      for (String p : payloads) {
        store(secretName, p.getBytes(StandardCharsets.UTF_8), false);
      }
    }
  }

  /** Replaces a secret's annotations (and etag), as another tool's UpdateSecret would. */
  void annotate(String secretName, Map<String, String> annotations) {
    synchronized (lock) {
      Secret s = requireSecret(secretName);
      secrets.put(
          secretName,
          s.toBuilder().clearAnnotations().putAllAnnotations(annotations).setEtag(etag()).build());
    }
  }

  /** The secret as stored, or null. */
  Secret secret(String secretName) {
    synchronized (lock) {
      return secrets.get(secretName);
    }
  }

  /** The versions of a secret, oldest first. */
  List<StoredVersion> versions(String secretName) {
    synchronized (lock) {
      return List.copyOf(versions.getOrDefault(secretName, List.of()));
    }
  }

  /** Changes a version's state, as gcloud secrets versions disable/destroy would. */
  void setState(String secretName, long number, SecretVersion.State state) {
    synchronized (lock) {
      List<StoredVersion> list = versions.get(secretName);
      StoredVersion v = list.get((int) number - 1);
      list.set((int) number - 1, new StoredVersion(v.number(), v.data(), state, v.clientCrc()));
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  // ---- the methods ----

  private AccessSecretVersionResponse access(AccessSecretVersionRequest r) {
    synchronized (lock) {
      String name = r.getName();
      int cut = name.indexOf("/versions/");
      if (cut < 0) {
        throw Status.INVALID_ARGUMENT.withDescription("bad version name").asRuntimeException();
      }
      String secret = name.substring(0, cut);
      List<StoredVersion> list = requireSecretVersions(secret);
      String id = name.substring(cut + "/versions/".length());
      StoredVersion v;
      if (id.equals("latest")) {
        if (list.isEmpty()) {
          throw Status.NOT_FOUND.withDescription(secret + " has no versions").asRuntimeException();
        }
        v = list.get(list.size() - 1);
      } else {
        long n = Long.parseLong(id);
        if (n < 1 || n > list.size()) {
          throw Status.NOT_FOUND.withDescription(name + " not found").asRuntimeException();
        }
        v = list.get((int) n - 1);
      }
      if (v.state() != SecretVersion.State.ENABLED) {
        throw Status.FAILED_PRECONDITION
            .withDescription(secret + "/versions/" + v.number() + " is in " + v.state() + " state")
            .asRuntimeException();
      }
      long crc = GcpPayload.crc32c(v.data()) + (corruptCrc ? 1 : 0);
      return AccessSecretVersionResponse.newBuilder()
          .setName(secret + "/versions/" + v.number())
          .setPayload(
              SecretPayload.newBuilder().setData(ByteString.copyFrom(v.data())).setDataCrc32C(crc))
          .build();
    }
  }

  private Secret getSecret(GetSecretRequest r) {
    synchronized (lock) {
      return requireSecret(r.getName());
    }
  }

  private Secret updateSecret(UpdateSecretRequest r) {
    synchronized (lock) {
      Secret current = requireSecret(r.getSecret().getName());
      if (r.getUpdateMask().getPathsCount() == 0) {
        throw Status.INVALID_ARGUMENT
            .withDescription("update_mask is required")
            .asRuntimeException();
      }
      String etag = r.getSecret().getEtag();
      if (!etag.isEmpty() && !etag.equals(current.getEtag())) {
        throw Status.FAILED_PRECONDITION
            .withDescription("etag " + etag + " does not match " + current.getEtag())
            .asRuntimeException();
      }
      Secret.Builder next = current.toBuilder();
      for (String path : r.getUpdateMask().getPathsList()) {
        if (!path.equals("annotations")) {
          throw Status.INVALID_ARGUMENT
              .withDescription("fake supports annotations only")
              .asRuntimeException();
        }
        next.clearAnnotations().putAllAnnotations(r.getSecret().getAnnotationsMap());
      }
      Secret updated = next.setEtag(etag()).build();
      secrets.put(updated.getName(), updated);
      return updated;
    }
  }

  private Secret createSecret(CreateSecretRequest r) {
    synchronized (lock) {
      String name = r.getParent() + "/secrets/" + r.getSecretId();
      if (secrets.containsKey(name)) {
        throw Status.ALREADY_EXISTS.withDescription(name + " already exists").asRuntimeException();
      }
      if (!r.getSecret().hasReplication()) {
        throw Status.INVALID_ARGUMENT
            .withDescription("replication is required")
            .asRuntimeException();
      }
      Secret created = r.getSecret().toBuilder().setName(name).setEtag(etag()).build();
      secrets.put(name, created);
      versions.put(name, new ArrayList<>());
      return created;
    }
  }

  private SecretVersion addVersion(AddSecretVersionRequest r) {
    Runnable hook = beforeAdd;
    if (hook != null) {
      beforeAdd = null;
      hook.run(); // outside the lock: the hook calls this server
    }
    synchronized (lock) {
      requireSecret(r.getParent());
      byte[] data = r.getPayload().getData().toByteArray();
      boolean sent = r.getPayload().hasDataCrc32C();
      if (sent && r.getPayload().getDataCrc32C() != GcpPayload.crc32c(data)) {
        throw Status.INVALID_ARGUMENT.withDescription("Checksum mismatch").asRuntimeException();
      }
      StoredVersion v = store(r.getParent(), data, sent);
      return version(r.getParent(), v);
    }
  }

  private ListSecretVersionsResponse listVersions(ListSecretVersionsRequest r) {
    synchronized (lock) {
      List<StoredVersion> list = requireSecretVersions(r.getParent());
      ListSecretVersionsResponse.Builder b = ListSecretVersionsResponse.newBuilder();
      for (int i = list.size() - 1; i >= 0; i--) { // newest first, as the service lists them
        b.addVersions(version(r.getParent(), list.get(i)));
      }
      return b.setTotalSize(list.size()).build();
    }
  }

  // ---- helpers ----

  private StoredVersion store(String secret, byte[] data, boolean clientCrc) {
    List<StoredVersion> list = versions.get(secret);
    StoredVersion v =
        new StoredVersion(list.size() + 1, data.clone(), SecretVersion.State.ENABLED, clientCrc);
    list.add(v);
    return v;
  }

  private static SecretVersion version(String secret, StoredVersion v) {
    return SecretVersion.newBuilder()
        .setName(secret + "/versions/" + v.number())
        .setState(v.state())
        .setClientSpecifiedPayloadChecksum(v.clientCrc())
        .setEtag("\"v" + v.number() + "\"")
        .build();
  }

  private Secret requireSecret(String name) {
    Secret s = secrets.get(name);
    if (s == null) {
      throw Status.NOT_FOUND
          .withDescription("Secret [" + name + "] not found")
          .asRuntimeException();
    }
    return s;
  }

  private List<StoredVersion> requireSecretVersions(String name) {
    requireSecret(name);
    return versions.get(name);
  }

  private String etag() {
    return "\"" + Long.toHexString(0x1000 + ++etags) + "\"";
  }

  private static <Q extends Message, A extends Message> MethodDescriptor<Q, A> method(
      String name, Q request, A response) {
    return MethodDescriptor.<Q, A>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }

  private <Q, A> ServerCallHandler<Q, A> handler(String name, Function<Q, A> body) {
    return ServerCalls.asyncUnaryCall(
        (request, observer) -> {
          calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
          Status fault = poll(faults, name);
          if (fault != null) {
            observer.onError(fault.asRuntimeException());
            return;
          }
          A answer;
          try {
            answer = body.apply(request);
          } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
          }
          Status after = poll(faultsAfter, name);
          if (after != null) {
            observer.onError(after.asRuntimeException());
            return;
          }
          observer.onNext(answer);
          observer.onCompleted();
        });
  }

  private static Status poll(Map<String, Deque<Status>> queues, String name) {
    Deque<Status> q = queues.get(name);
    return q == null ? null : q.poll();
  }
}
