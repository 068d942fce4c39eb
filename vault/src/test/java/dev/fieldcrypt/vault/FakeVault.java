package dev.fieldcrypt.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for a Vault server on 127.0.0.1, for tests: the endpoints the {@code vault:}
 * source uses, with the status codes and JSON bodies of Vault's API docs
 * (developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2, /system/health, /auth/token,
 * /auth/approle, /auth/kubernetes), and injected faults. Not a Vault: no policies beyond a deny
 * list, one KV v2 mount set.
 */
final class FakeVault implements AutoCloseable {
  static final String ROOT_TOKEN = "hvs.ROOTtoken-fake-0123456789";
  static final String ROLE_ID = "role-id-1b7c9e";
  static final String SECRET_ID = "secret-id-SHOULD-NEVER-LEAK-42";
  static final String K8S_ROLE = "fieldcrypt";
  static final String K8S_JWT = "eyJhbGciOiJSUzI1NiJ9.k8s-jwt-NEVER-LEAK.sig";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The health states sys/health reports. */
  enum Health {
    ACTIVE,
    STANDBY,
    SEALED,
    UNINITIALIZED
  }

  /** An injected fault: the next {@code times} requests whose path starts with {@code prefix}. */
  record Fault(String prefix, int status, String body, long delayMs, AtomicInteger times) {}

  /** A token the server knows. */
  static final class Token {
    volatile long ttl;
    volatile boolean renewable;
    volatile boolean valid = true;

    Token(long ttl, boolean renewable) {
      this.ttl = ttl;
      this.renewable = renewable;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final boolean tls;
  final Map<String, List<Map<String, String>>> secrets = new ConcurrentHashMap<>();
  final Set<String> deletedLatest = ConcurrentHashMap.newKeySet();
  final Map<String, Token> tokens = new ConcurrentHashMap<>();
  final Set<String> mounts = ConcurrentHashMap.newKeySet();
  final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, byte[]> transitKeys = new ConcurrentHashMap<>();
  final List<String> namespaces = new java.util.concurrent.CopyOnWriteArrayList<>();
  final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  volatile Health health = Health.ACTIVE;
  volatile long loginTtl = 3600;
  volatile boolean loginRenewable = true;

  private FakeVault(SSLContext ssl) throws IOException {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (ssl == null) {
      server = HttpServer.create(at, 0);
    } else {
      HttpsServer https = HttpsServer.create(at, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(ssl));
      server = https;
    }
    tls = ssl != null;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    tokens.put(ROOT_TOKEN, new Token(0, false));
    mounts.add("secret");
    server.start();
  }

  static FakeVault start() throws IOException {
    return new FakeVault(null);
  }

  static FakeVault startTls(SSLContext ssl) throws IOException {
    return new FakeVault(ssl);
  }

  String address() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Vault's answer to the next {@code times} requests under {@code /v1/<prefix>}. */
  FakeVault fail(String prefix, int times, int status, String body) {
    faults.add(new Fault(prefix, status, body, 0, new AtomicInteger(times)));
    return this;
  }

  /** Answers the next {@code times} requests under {@code prefix} after {@code delayMs}. */
  FakeVault delay(String prefix, int times, long delayMs) {
    faults.add(new Fault(prefix, 0, null, delayMs, new AtomicInteger(times)));
    return this;
  }

  /** A new token the server accepts. */
  String issueToken(long ttl, boolean renewable) {
    String id = "hvs." + UUID.randomUUID();
    tokens.put(id, new Token(ttl, renewable));
    return id;
  }

  /** How many requests {@code "GET secret/data/app"} (method and path below /v1/) received. */
  int hits(String methodAndPath) {
    AtomicInteger n = hits.get(methodAndPath);
    return n == null ? 0 : n.get();
  }

  int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Stores {@code fields} as a new version, as {@code vault kv put} does. */
  void put(String secret, Map<String, String> fields) {
    secrets
        .computeIfAbsent(secret, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(new LinkedHashMap<>(fields));
    deletedLatest.remove(secret);
  }

  Map<String, String> latest(String secret) {
    List<Map<String, String>> v = secrets.get(secret);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  int version(String secret) {
    List<Map<String, String>> v = secrets.get(secret);
    return v == null ? 0 : v.size();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath().replaceFirst("^/v1/", "");
      String key = ex.getRequestMethod() + " " + path;
      hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      clientPorts.add(ex.getRemoteAddress().getPort());
      String ns = ex.getRequestHeaders().getFirst("X-Vault-Namespace");
      if (ns != null) {
        namespaces.add(ns);
      }
      byte[] in = ex.getRequestBody().readAllBytes();
      JsonNode body = in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in);
      for (Fault f : faults) {
        if ((path.startsWith(f.prefix()) || key.startsWith(f.prefix()))
            && f.times().getAndDecrement() > 0) {
          if (f.delayMs() > 0) {
            sleep(f.delayMs());
          }
          if (f.status() > 0) {
            send(ex, f.status(), f.body());
            return;
          }
          break;
        }
      }
      route(ex, path, body);
    } catch (RuntimeException e) {
      send(ex, 500, "{\"errors\":[\"fake vault: " + e.getClass().getSimpleName() + "\"]}");
    }
  }

  private void route(HttpExchange ex, String path, JsonNode body) throws IOException {
    String method = ex.getRequestMethod();
    if (path.equals("sys/health")) {
      health(ex);
      return;
    }
    if (health == Health.SEALED || health == Health.UNINITIALIZED) {
      send(ex, 503, "{\"errors\":[\"Vault is sealed\"]}");
      return;
    }
    switch (path) {
      case "auth/approle/login" -> approle(ex, body);
      case "auth/kubernetes/login" -> kubernetes(ex, body);
      case "auth/token/lookup-self" -> lookupSelf(ex);
      case "auth/token/renew-self" -> renewSelf(ex);
      default -> {
        if (path.startsWith("transit/")) {
          transit(ex, path, body);
        } else {
          kv(ex, method, path, body);
        }
      }
    }
  }

  /**
   * Transit's "Generate data key" ({@code POST transit/datakey/plaintext/NAME}) and "Decrypt"
   * ({@code POST transit/decrypt/NAME}), developer.hashicorp.com/vault/api-docs/secret/transit: a
   * key per name, AES-GCM, ciphertexts {@code vault:v1:base64(nonce ‖ body)}; a ciphertext of
   * another key, or altered, is a 400 as Vault answers it.
   */
  private void transit(HttpExchange ex, String path, JsonNode body) throws IOException {
    if (caller(ex) == null || denied.contains(path)) {
      send(ex, 403, "{\"errors\":[\"permission denied\"]}");
      return;
    }
    String[] parts = path.split("/");
    try {
      if (parts.length == 4 && parts[1].equals("datakey") && parts[2].equals("plaintext")) {
        byte[] dk = new byte[body.path("bits").asInt(256) / 8];
        new java.security.SecureRandom().nextBytes(dk);
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        byte[] sealed =
            transitCipher(parts[3], javax.crypto.Cipher.ENCRYPT_MODE, nonce).doFinal(dk);
        byte[] out = java.util.Arrays.copyOf(nonce, 12 + sealed.length);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        ObjectNode data = JSON.createObjectNode();
        data.put("plaintext", java.util.Base64.getEncoder().encodeToString(dk));
        data.put("ciphertext", "vault:v1:" + java.util.Base64.getEncoder().encodeToString(out));
        data.put("key_version", 1);
        ObjectNode b = JSON.createObjectNode();
        b.set("data", data);
        send(ex, 200, b.toString());
      } else if (parts.length == 3 && parts[1].equals("decrypt")) {
        String ct = body.path("ciphertext").asText("");
        if (!ct.startsWith("vault:v1:")) {
          send(ex, 400, "{\"errors\":[\"invalid ciphertext: no prefix\"]}");
          return;
        }
        byte[] in = java.util.Base64.getDecoder().decode(ct.substring(9));
        byte[] dk =
            transitCipher(
                    parts[2], javax.crypto.Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(in, 12))
                .doFinal(in, 12, in.length - 12);
        ObjectNode b = JSON.createObjectNode();
        b.putObject("data").put("plaintext", java.util.Base64.getEncoder().encodeToString(dk));
        send(ex, 200, b.toString());
      } else {
        send(ex, 404, "{\"errors\":[\"no handler for route\"]}");
      }
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      send(ex, 400, "{\"errors\":[\"cipher: message authentication failed\"]}");
    }
  }

  private javax.crypto.Cipher transitCipher(String name, int mode, byte[] nonce)
      throws java.security.GeneralSecurityException {
    byte[] key =
        transitKeys.computeIfAbsent(
            name,
            n -> {
              byte[] k = new byte[32];
              new java.security.SecureRandom().nextBytes(k);
              return k;
            });
    javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        mode,
        new javax.crypto.spec.SecretKeySpec(key, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, nonce));
    return c;
  }

  private void health(HttpExchange ex) throws IOException {
    boolean init = health != Health.UNINITIALIZED;
    boolean sealed = health == Health.SEALED || !init;
    boolean standby = health == Health.STANDBY;
    int status = !init ? 501 : sealed ? 503 : standby ? 429 : 200;
    ObjectNode b = JSON.createObjectNode();
    b.put("initialized", init).put("sealed", sealed).put("standby", standby);
    b.put("performance_standby", false).put("replication_performance_mode", "disabled");
    b.put("replication_dr_mode", "disabled").put("server_time_utc", Instant.now().getEpochSecond());
    b.put("version", "1.17.2").put("cluster_name", "vault-cluster-fake");
    send(ex, status, b.toString());
  }

  private void approle(HttpExchange ex, JsonNode body) throws IOException {
    if (ROLE_ID.equals(body.path("role_id").asText())
        && SECRET_ID.equals(body.path("secret_id").asText())) {
      sendAuth(ex, issueToken(loginTtl, loginRenewable));
    } else {
      send(ex, 400, "{\"errors\":[\"invalid role or secret ID\"]}");
    }
  }

  private void kubernetes(HttpExchange ex, JsonNode body) throws IOException {
    if (K8S_ROLE.equals(body.path("role").asText()) && K8S_JWT.equals(body.path("jwt").asText())) {
      sendAuth(ex, issueToken(loginTtl, loginRenewable));
    } else {
      send(ex, 403, "{\"errors\":[\"permission denied\"]}");
    }
  }

  private void sendAuth(HttpExchange ex, String token) throws IOException {
    Token t = tokens.get(token);
    ObjectNode auth = JSON.createObjectNode();
    auth.put("client_token", token).put("accessor", "acc-" + token.hashCode());
    auth.putArray("policies").add("default").add("fieldcrypt");
    auth.putArray("token_policies").add("default").add("fieldcrypt");
    auth.putNull("metadata");
    auth.put("lease_duration", t.ttl).put("renewable", t.renewable);
    ObjectNode b = JSON.createObjectNode();
    b.put("request_id", UUID.randomUUID().toString()).put("lease_id", "").put("renewable", false);
    b.put("lease_duration", 0).putNull("data");
    b.putNull("wrap_info").putNull("warnings").set("auth", auth);
    send(ex, 200, b.toString());
  }

  private Token caller(HttpExchange ex) {
    String id = ex.getRequestHeaders().getFirst("X-Vault-Token");
    Token t = id == null ? null : tokens.get(id);
    return t != null && t.valid ? t : null;
  }

  private void lookupSelf(HttpExchange ex) throws IOException {
    Token t = caller(ex);
    if (t == null) {
      send(ex, 403, "{\"errors\":[\"permission denied\"]}");
      return;
    }
    ObjectNode data = JSON.createObjectNode();
    data.put("accessor", "acc").put("creation_ttl", t.ttl).put("display_name", "token");
    data.put("explicit_max_ttl", 0).put("id", ex.getRequestHeaders().getFirst("X-Vault-Token"));
    data.putArray("policies").add("default");
    data.put("renewable", t.renewable).put("ttl", t.ttl).put("type", "service");
    ObjectNode b = JSON.createObjectNode();
    b.set("data", data);
    send(ex, 200, b.toString());
  }

  private void renewSelf(HttpExchange ex) throws IOException {
    Token t = caller(ex);
    if (t == null) {
      send(ex, 403, "{\"errors\":[\"permission denied\"]}");
    } else if (!t.renewable) {
      send(ex, 400, "{\"errors\":[\"lease is not renewable\"]}");
    } else {
      sendAuth(ex, ex.getRequestHeaders().getFirst("X-Vault-Token"));
    }
  }

  private void kv(HttpExchange ex, String method, String path, JsonNode body) throws IOException {
    int slash = path.indexOf("/data/");
    if (slash < 0 || !mounts.contains(path.substring(0, slash))) {
      send(ex, 404, "{\"errors\":[\"no handler for route \\\"" + path + "\\\"\"]}");
      return;
    }
    if (caller(ex) == null || denied.contains(path)) {
      send(ex, 403, "{\"errors\":[\"permission denied\"]}");
      return;
    }
    String secret =
        path.substring(0, slash)
            + "/"
            + java.net.URLDecoder.decode(path.substring(slash + 6), StandardCharsets.UTF_8);
    if (method.equals("GET")) {
      read(ex, secret);
    } else if (method.equals("POST") || method.equals("PUT")) {
      write(ex, secret, body);
    } else {
      send(ex, 405, "{\"errors\":[]}");
    }
  }

  private ObjectNode metadata(int version, boolean deleted) {
    ObjectNode m = JSON.createObjectNode();
    m.put("created_time", "2026-12-03T14:00:00.000000Z").putNull("custom_metadata");
    m.put("deletion_time", deleted ? "2026-12-03T14:05:00.000000Z" : "");
    m.put("destroyed", false).put("version", version);
    return m;
  }

  private void read(HttpExchange ex, String secret) throws IOException {
    int version = version(secret);
    if (version == 0) {
      send(ex, 404, "{\"errors\":[]}");
      return;
    }
    ObjectNode data = JSON.createObjectNode();
    ObjectNode b = JSON.createObjectNode();
    b.put("request_id", UUID.randomUUID().toString()).put("lease_id", "").put("renewable", false);
    b.put("lease_duration", 0).set("data", data);
    if (deletedLatest.contains(secret)) {
      data.putNull("data").set("metadata", metadata(version, true));
      send(ex, 404, b.toString());
      return;
    }
    data.set("data", JSON.valueToTree(latest(secret)));
    data.set("metadata", metadata(version, false));
    b.putNull("wrap_info").putNull("warnings").putNull("auth");
    send(ex, 200, b.toString());
  }

  private synchronized void write(HttpExchange ex, String secret, JsonNode body)
      throws IOException {
    int current = version(secret);
    JsonNode cas = body.path("options").path("cas");
    if (!cas.isMissingNode() && cas.asInt() != current) {
      send(ex, 400, "{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
      return;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    body.path("data").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
    put(secret, fields);
    ObjectNode b = JSON.createObjectNode();
    b.set("data", metadata(current + 1, false));
    send(ex, 200, b.toString());
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<String> secretNames() {
    return new ArrayList<>(secrets.keySet());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
