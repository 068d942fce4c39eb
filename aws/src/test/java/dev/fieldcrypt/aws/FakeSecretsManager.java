package dev.fieldcrypt.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * An in-memory AWS Secrets Manager on loopback, speaking the service's JSON 1.1 protocol ({@code
 * POST /}, {@code X-Amz-Target: secretsmanager.<Operation>}, {@code Content-Type:
 * application/x-amz-json-1.1}; errors as {@code {"__type":"…","message":"…"}}), so that tests run
 * the real SDK client against it. It follows these pages of the API reference
 * (docs.aws.amazon.com/secretsmanager/latest/apireference/): {@code API_GetSecretValue.html},
 * {@code API_PutSecretValue.html} (idempotent {@code ClientRequestToken}; without {@code
 * VersionStages} the new version takes {@code AWSCURRENT}; the first version always does; moving
 * {@code AWSCURRENT} moves {@code AWSPREVIOUS} to the version it left), {@code
 * API_DescribeSecret.html} ({@code VersionIdsToStages}, labelled versions only), {@code
 * API_CreateSecret.html} ({@code ResourceExistsException}), {@code
 * API_UpdateSecretVersionStage.html} (a label attached to another version moves only when {@code
 * RemoveFromVersionId} names that version, else the call fails) and {@code CommonErrors.html} (the
 * status codes: 400 for most errors, 403 for unrecognized credentials, 500 for internal errors).
 * Where the reference is silent this server is strict: moving a label onto the version that already
 * holds it fails unless {@code RemoveFromVersionId} names that version, so that clients exercise
 * their recovery from a refused move. Signatures are not checked. Faults can be queued per
 * operation.
 */
public final class FakeSecretsManager implements AutoCloseable {
  static final String CURRENT = "AWSCURRENT";
  static final String PREVIOUS = "AWSPREVIOUS";
  static final String ACCOUNT = "123456789012";

  record Version(String id, String secretString, Set<String> stages) {}

  /** A failure the next call of an operation meets; {@code applyFirst}: after doing the work. */
  record Fault(int status, String type, String message, boolean applyFirst) {}

  static final class Secret {
    final String name;
    final String arn;
    final Map<String, Version> versions = new LinkedHashMap<>();

    Secret(String name) {
      this.name = name;
      this.arn = "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:" + name + "-" + suffix();
    }

    Version withStage(String stage) {
      return versions.values().stream()
          .filter(v -> v.stages.contains(stage))
          .findFirst()
          .orElse(null);
    }

    /** Attaches {@code stage} to {@code target}, removing it elsewhere (AWSPREVIOUS follows). */
    void attach(String stage, Version target) {
      Version holder = withStage(stage);
      if (holder == target) {
        return;
      }
      if (holder != null) {
        holder.stages.remove(stage);
      }
      target.stages.add(stage);
      if (stage.equals(CURRENT) && holder != null) {
        Version prev = withStage(PREVIOUS);
        if (prev != null) {
          prev.stages.remove(PREVIOUS);
        }
        holder.stages.add(PREVIOUS);
      }
    }
  }

  private static final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;

    AwsError(int status, String type, String message) {
      super(message);
      this.status = status;
      this.type = type;
    }
  }

  private final HttpServer server;
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final RequestLog log = new RequestLog("secretsmanager.");
  private volatile Consumer<String> beforeOperation = op -> {};

  public FakeSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  /** The endpoint to set as {@code FIELDCRYPT_AWS_ENDPOINT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A secret named {@code name} holding {@code secretString} as its AWSCURRENT version. */
  synchronized Secret put(String name, String secretString) {
    Secret s = secrets.computeIfAbsent(name, Secret::new);
    Version v = new Version(UUID.randomUUID().toString(), secretString, new LinkedHashSet<>());
    s.versions.put(v.id, v);
    s.attach(CURRENT, v);
    return s;
  }

  /** A secret without any version (created with no value). */
  synchronized Secret putEmpty(String name) {
    return secrets.computeIfAbsent(name, Secret::new);
  }

  synchronized Secret secret(String name) {
    return secrets.get(name);
  }

  public synchronized String current(String name) {
    Version v = secrets.get(name).withStage(CURRENT);
    return v == null ? null : v.secretString;
  }

  synchronized Version stage(String name, String stage) {
    return secrets.get(name).withStage(stage);
  }

  /**
   * The next {@code times} calls of {@code operation} fail with {@code status} and {@code type}.
   */
  public void fail(String operation, int times, int status, String type) {
    fail(operation, times, status, type, "injected " + type);
  }

  /** As {@link #fail(String, int, int, String)}, with the service's {@code message}. */
  void fail(String operation, int times, int status, String type, String message) {
    for (int i = 0; i < times; i++) {
      faults
          .computeIfAbsent(operation, k -> new ArrayDeque<>())
          .add(new Fault(status, type, message, false));
    }
  }

  /** The next call of {@code operation} does its work, then answers with an error. */
  void failAfterApplying(String operation, int status, String type) {
    faults
        .computeIfAbsent(operation, k -> new ArrayDeque<>())
        .add(new Fault(status, type, "injected after applying", true));
  }

  /** Runs before each operation is applied (outside the store's lock), to interleave writers. */
  void beforeOperation(Consumer<String> hook) {
    beforeOperation = hook;
  }

  public int calls(String operation) {
    return log.calls(operation);
  }

  /** Every request body received, for checks on what the client sent. */
  List<String> bodies() {
    return log.bodies();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      RequestLog.Request request = log.record(x);
      String op = request.operation();
      String body = request.body();
      Fault fault;
      synchronized (this) {
        Deque<Fault> q = faults.get(op);
        fault = q == null ? null : q.poll();
      }
      int status = 200;
      String out;
      try {
        if (fault != null && !fault.applyFirst()) {
          throw new AwsError(fault.status(), fault.type(), fault.message());
        }
        beforeOperation.accept(op);
        Map<String, JsonNode> in = JsonNode.parser().parse(body).asObject();
        synchronized (this) {
          out = Json.write(apply(op, in));
        }
        if (fault != null) {
          throw new AwsError(fault.status(), fault.type(), fault.message());
        }
      } catch (AwsError e) {
        status = e.status;
        out = Json.error(e.type, e.getMessage());
      }
      Json.respond(x, status, out);
    }
  }

  private Map<String, Object> apply(String op, Map<String, JsonNode> in) {
    return switch (op) {
      case "GetSecretValue" -> getSecretValue(in);
      case "DescribeSecret" -> describeSecret(in);
      case "PutSecretValue" -> putSecretValue(in);
      case "UpdateSecretVersionStage" -> updateSecretVersionStage(in);
      case "CreateSecret" -> createSecret(in);
      default -> throw new AwsError(400, "InvalidAction", "unknown operation " + op);
    };
  }

  private Map<String, Object> getSecretValue(Map<String, JsonNode> in) {
    Secret s = find(in);
    String id = text(in, "VersionId");
    String stage = text(in, "VersionStage");
    Version v = id != null ? s.versions.get(id) : s.withStage(stage == null ? CURRENT : stage);
    if (v == null) {
      throw new AwsError(
          400,
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret value for "
              + (id != null ? "VersionId: " + id : "staging label: " + stage));
    }
    Map<String, Object> out = base(s);
    out.put("VersionId", v.id);
    out.put("SecretString", v.secretString);
    out.put("VersionStages", List.copyOf(v.stages));
    out.put("CreatedDate", 1.7e9);
    return out;
  }

  private Map<String, Object> describeSecret(Map<String, JsonNode> in) {
    Secret s = find(in);
    Map<String, Object> stages = new LinkedHashMap<>();
    s.versions.values().stream()
        .filter(v -> !v.stages.isEmpty())
        .forEach(v -> stages.put(v.id, List.copyOf(v.stages)));
    Map<String, Object> out = base(s);
    out.put("VersionIdsToStages", stages);
    return out;
  }

  private Map<String, Object> putSecretValue(Map<String, JsonNode> in) {
    Secret s = find(in);
    String token = text(in, "ClientRequestToken");
    String value = text(in, "SecretString");
    Version existing = s.versions.get(token);
    if (existing != null) {
      if (!existing.secretString.equals(value)) {
        throw new AwsError(
            400, "ResourceExistsException", "a version with this token has other data");
      }
    } else {
      boolean first = s.versions.isEmpty();
      Version v = new Version(token, value, new LinkedHashSet<>());
      s.versions.put(token, v);
      List<String> stages =
          in.containsKey("VersionStages")
              ? in.get("VersionStages").asArray().stream().map(JsonNode::asString).toList()
              : List.of(CURRENT);
      for (String stage : stages) {
        s.attach(stage, v);
      }
      if (first) {
        s.attach(CURRENT, v);
      }
      existing = v;
    }
    Map<String, Object> out = base(s);
    out.put("VersionId", existing.id);
    out.put("VersionStages", List.copyOf(existing.stages));
    return out;
  }

  private Map<String, Object> updateSecretVersionStage(Map<String, JsonNode> in) {
    Secret s = find(in);
    String stage = text(in, "VersionStage");
    String moveTo = text(in, "MoveToVersionId");
    String removeFrom = text(in, "RemoveFromVersionId");
    Version holder = s.withStage(stage);
    if (moveTo != null) {
      Version target = s.versions.get(moveTo);
      if (target == null) {
        throw new AwsError(400, "ResourceNotFoundException", "no version " + moveTo);
      }
      if (holder != null && (removeFrom == null || !removeFrom.equals(holder.id))) {
        throw new AwsError(
            400,
            "InvalidParameterException",
            "The staging label "
                + stage
                + " is currently attached to version "
                + holder.id
                + ". Specify it as RemoveFromVersionId.");
      }
      s.attach(stage, target);
    } else {
      if (holder == null || !holder.id.equals(removeFrom)) {
        throw new AwsError(
            400, "InvalidParameterException", "The label is not attached to that version.");
      }
      holder.stages.remove(stage);
    }
    return base(s);
  }

  private Map<String, Object> createSecret(Map<String, JsonNode> in) {
    String name = text(in, "Name");
    if (secrets.containsKey(name)) {
      throw new AwsError(
          400, "ResourceExistsException", "The operation failed because the secret exists.");
    }
    Secret s = new Secret(name);
    secrets.put(name, s);
    Map<String, Object> out = base(s);
    String value = text(in, "SecretString");
    if (value != null) {
      Version v =
          new Version(text(in, "ClientRequestToken"), value, new LinkedHashSet<>(Set.of(CURRENT)));
      s.versions.put(v.id, v);
      out.put("VersionId", v.id);
    }
    return out;
  }

  private Secret find(Map<String, JsonNode> in) {
    String id = text(in, "SecretId");
    for (Secret s : secrets.values()) {
      if (s.name.equals(id) || s.arn.equals(id)) {
        return s;
      }
    }
    throw new AwsError(
        400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  }

  private static Map<String, Object> base(Secret s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ARN", s.arn);
    out.put("Name", s.name);
    return out;
  }

  private static String text(Map<String, JsonNode> in, String field) {
    JsonNode n = in.get(field);
    return n == null || n.isNull() ? null : n.asString();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 6);
  }
}
