package dev.fieldcrypt.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.json.JsonWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * A local HTTPS server speaking the part of the Azure Key Vault secrets REST API that the source
 * uses, as Microsoft Learn documents it:
 *
 * <ul>
 *   <li>Get Secret, {@code GET /secrets/{name}} and {@code GET /secrets/{name}/{version}}
 *       (learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret): {@code value},
 *       {@code id} = {@code https://…/secrets/{name}/{version}}, {@code attributes} ({@code
 *       enabled}, {@code created}, {@code updated} in seconds since the epoch, {@code
 *       recoveryLevel}), {@code contentType}, {@code tags};
 *   <li>Set Secret, {@code PUT /secrets/{name}}
 *       (learn.microsoft.com/rest/api/keyvault/secrets/set-secret/set-secret): a new version from
 *       {@code value}, {@code contentType}, {@code tags}; answered like Get Secret;
 *   <li>Get Secret Versions, {@code GET /secrets/{name}/versions}
 *       (learn.microsoft.com/rest/api/keyvault/secrets/get-secret-versions/get-secret-versions):
 *       {@code value} = items without values, {@code nextLink} to the next page ({@code
 *       maxresults}, 25 by default);
 *   <li>Wrap Key and Unwrap Key, {@code POST /keys/{name}/{version}/wrapkey|unwrapkey}
 *       (learn.microsoft.com/rest/api/keyvault/keys/wrap-key/wrap-key and
 *       learn.microsoft.com/rest/api/keyvault/keys/unwrap-key/unwrap-key): {@code alg} and {@code
 *       value} (base64url) in, {@code kid} and {@code value} out ({@link FakeKeys});
 *   <li>errors as {@code {"error":{"code":"SecretNotFound","message":"…"}}};
 *   <li>challenge-based authentication (learn.microsoft.com/azure/key-vault/general/authentication
 *       and learn.microsoft.com/azure/key-vault/general/authentication-requests-and-responses): a
 *       request without a bearer token, or with the wrong one, gets {@code 401} with {@code
 *       WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/<tenant>",
 *       resource="https://vault.azure.net"}; the SDK then asks its credential for a token and sends
 *       the request again.
 * </ul>
 *
 * <p>Versions get creation times from a logical clock that advances one second per write, so the
 * order of versions is exact (the real service keeps whole seconds). Tests inject faults ({@link
 * #failNext}), a racing writer ({@link #beforeNextPut}) and count what was asked ({@link
 * #requests}).
 */
final class FakeKeyVault implements AutoCloseable {
  static final String TOKEN = "fc-test-access-token-7f3a9c";
  static final String TENANT = "72f988bf-0000-4000-8000-00000000cafe";

  /** One request as the server saw it. */
  record Request(String method, String path, boolean authorized, int status) {}

  private record Version(
      String id, String value, String contentType, Map<String, String> tags, long created) {}

  private record Fault(String method, int status, String code, int[] remaining) {}

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicReference<Fault> fault = new AtomicReference<>();
  private final AtomicReference<Runnable> beforePut = new AtomicReference<>();
  private final FakeKeys keys = new FakeKeys();
  private final java.util.concurrent.atomic.AtomicBoolean losePutAnswer =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile int pageSize = 25;
  private long clock = 1_780_000_000L;

  FakeKeyVault(SSLContext tls) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code https://127.0.0.1:<port>}. */
  String vaultUrl() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  String secretUrl(String name) {
    return vaultUrl() + "/secrets/" + name;
  }

  /** Stores a new version directly, as another writer (or {@code az keyvault secret set}) would. */
  synchronized String put(String name, String value) {
    return add(name, value, null, Map.of());
  }

  /** Creates an RSA key {@code name}; returns its version. */
  String createKey(String name) {
    return keys.create(name);
  }

  /** The latest version's value, or null. */
  synchronized String latestValue(String name) {
    List<Version> versions = secrets.get(name);
    return versions == null ? null : versions.get(versions.size() - 1).value();
  }

  /** Every version's value, oldest first. */
  synchronized List<String> values(String name) {
    return secrets.getOrDefault(name, List.of()).stream().map(Version::value).toList();
  }

  /** Every version's id, oldest first. */
  synchronized List<String> versionIds(String name) {
    return secrets.getOrDefault(name, List.of()).stream().map(Version::id).toList();
  }

  /** The next {@code times} authorized requests answer {@code status} with error {@code code}. */
  void failNext(int times, int status, String code) {
    failNext(null, times, status, code);
  }

  /** As {@link #failNext(int, int, String)}, for requests of {@code method} only. */
  void failNext(String method, int times, int status, String code) {
    fault.set(new Fault(method, status, code, new int[] {times}));
  }

  /** Runs {@code hook} once when the next PUT arrives, before it is applied. */
  void beforeNextPut(Runnable hook) {
    beforePut.set(hook);
  }

  /** The next PUT is applied, but answered 503 as if the answer were lost: the SDK retries it. */
  void loseNextPutAnswer() {
    losePutAnswer.set(true);
  }

  void pageSize(int size) {
    this.pageSize = size;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  long count(String method, String path) {
    return requests.stream()
        .filter(r -> r.authorized() && r.method().equals(method) && r.path().equals(path))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    // Get Secret without a version is sent as /secrets/{name}/ (an empty version segment).
    String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
    byte[] body = ex.getRequestBody().readAllBytes();
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    boolean authorized = ("Bearer " + TOKEN).equals(auth);
    int status;
    try {
      Fault f = authorized ? takeFault(method) : null;
      if (!authorized) {
        status = challenge(ex, auth == null);
      } else if (f != null) {
        status = error(ex, f.status(), f.code(), "Injected fault " + f.status() + ".");
      } else {
        status = route(ex, method, path, body);
      }
    } catch (RuntimeException e) {
      status = error(ex, 500, "InternalError", "Test server failed: " + e);
    }
    requests.add(new Request(method, path, authorized, status));
  }

  private Fault takeFault(String method) {
    Fault f = fault.get();
    if (f == null || (f.method() != null && !f.method().equals(method))) {
      return null;
    }
    synchronized (f) {
      if (f.remaining()[0] <= 0) {
        return null;
      }
      f.remaining()[0]--;
      return f;
    }
  }

  private int challenge(HttpExchange ex, boolean missing) throws IOException {
    ex.getResponseHeaders()
        .add(
            "WWW-Authenticate",
            "Bearer authorization=\"https://login.microsoftonline.com/"
                + TENANT
                + "\", resource=\"https://vault.azure.net\"");
    return error(
        ex,
        401,
        "Unauthorized",
        missing
            ? "AKV10000: Request is missing a Bearer or PoP token."
            : "AKV10032: Invalid issuer.");
  }

  private int route(HttpExchange ex, String method, String path, byte[] body) throws IOException {
    String[] p = path.split("/");
    if (p.length == 5 && "keys".equals(p[1]) && "POST".equals(method)) {
      return keys.handle(ex, vaultUrl(), p[2], p[3], p[4], body);
    }
    // "", "secrets", name [, version | "versions"]
    if (p.length < 3 || !"secrets".equals(p[1])) {
      return error(ex, 400, "BadParameter", "Unknown path.");
    }
    String name = p[2];
    if (p.length == 3 && "PUT".equals(method)) {
      Runnable hook = beforePut.getAndSet(null);
      if (hook != null) {
        hook.run();
      }
      Version created = setSecret(name, body);
      if (losePutAnswer.getAndSet(false)) {
        return error(ex, 503, "ServiceUnavailable", "Injected: the version was created.");
      }
      return json(ex, 200, w -> writeSecret(w, name, created, true));
    }
    if (p.length == 4 && "versions".equals(p[3]) && "GET".equals(method)) {
      return listVersions(ex, name, query(ex, "$skiptoken"), query(ex, "maxresults"));
    }
    if ((p.length == 3 || p.length == 4) && "GET".equals(method)) {
      Version v = find(name, p.length == 4 ? p[3] : null);
      if (v == null) {
        return error(
            ex,
            404,
            "SecretNotFound",
            "A secret with (name/id) "
                + name
                + " was not found in this key vault. If you recently deleted this secret you may"
                + " be able to recover it using the correct recovery command.");
      }
      return json(ex, 200, w -> writeSecret(w, name, v, true));
    }
    return error(ex, 405, "BadParameter", "Method not allowed.");
  }

  private synchronized Version find(String name, String version) {
    List<Version> versions = secrets.get(name);
    if (versions == null) {
      return null;
    }
    if (version == null || version.isEmpty()) {
      return versions.get(versions.size() - 1);
    }
    return versions.stream().filter(v -> v.id().equals(version)).findFirst().orElse(null);
  }

  private Version setSecret(String name, byte[] body) throws IOException {
    Map<String, Object> fields = readFields(body);
    String value = (String) fields.get("value");
    String contentType = (String) fields.get("contentType");
    @SuppressWarnings("unchecked")
    Map<String, String> tags = (Map<String, String>) fields.getOrDefault("tags", Map.of());
    if (value == null) {
      throw new IllegalArgumentException("no value");
    }
    synchronized (this) {
      String id = add(name, value, contentType, tags);
      return find(name, id);
    }
  }

  private synchronized String add(
      String name, String value, String contentType, Map<String, String> tags) {
    String id = UUID.randomUUID().toString().replace("-", "");
    secrets
        .computeIfAbsent(name, n -> new ArrayList<>())
        .add(new Version(id, value, contentType, Map.copyOf(tags), ++clock));
    return id;
  }

  private int listVersions(HttpExchange ex, String name, String skipToken, String maxResults)
      throws IOException {
    List<Version> all;
    synchronized (this) {
      all = List.copyOf(secrets.getOrDefault(name, List.of()));
    }
    int from = skipToken == null ? 0 : Integer.parseInt(skipToken);
    int size = maxResults == null ? pageSize : Math.min(pageSize, Integer.parseInt(maxResults));
    List<Version> page = all.subList(Math.min(from, all.size()), Math.min(from + size, all.size()));
    String next =
        from + size < all.size()
            ? vaultUrl()
                + "/secrets/"
                + name
                + "/versions?api-version=7.6&maxresults="
                + size
                + "&$skiptoken="
                + (from + size)
            : null;
    return json(
        ex,
        200,
        w -> {
          w.writeStartObject();
          w.writeStartArray("value");
          for (Version v : page) {
            writeSecret(w, name, v, false);
          }
          w.writeEndArray();
          w.writeStringField("nextLink", next);
          w.writeEndObject();
        });
  }

  private void writeSecret(JsonWriter w, String name, Version v, boolean withValue)
      throws IOException {
    w.writeStartObject();
    if (withValue) {
      w.writeStringField("value", v.value());
    }
    if (v.contentType() != null) {
      w.writeStringField("contentType", v.contentType());
    }
    w.writeStringField("id", vaultUrl() + "/secrets/" + name + "/" + v.id());
    w.writeStartObject("attributes");
    w.writeBooleanField("enabled", true);
    w.writeLongField("created", v.created());
    w.writeLongField("updated", v.created());
    w.writeStringField("recoveryLevel", "Recoverable+Purgeable");
    w.writeIntField("recoverableDays", 90);
    w.writeEndObject();
    w.writeMapField("tags", v.tags(), JsonWriter::writeString);
    w.writeEndObject();
  }

  static int error(HttpExchange ex, int status, String code, String message) throws IOException {
    return json(
        ex,
        status,
        w -> {
          w.writeStartObject();
          w.writeStartObject("error");
          w.writeStringField("code", code);
          w.writeStringField("message", message);
          w.writeEndObject();
          w.writeEndObject();
        });
  }

  /** The members of a JSON request body: strings, and objects of strings as maps. */
  static Map<String, Object> readFields(byte[] body) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    try (JsonReader r = JsonProviders.createReader(body)) {
      r.nextToken();
      while (r.nextToken() != JsonToken.END_OBJECT) {
        String field = r.getFieldName();
        JsonToken token = r.nextToken();
        if (token == JsonToken.STRING) {
          fields.put(field, r.getString());
        } else if (token == JsonToken.START_OBJECT) {
          fields.put(field, r.readMap(JsonReader::getString));
        } else {
          r.skipChildren();
        }
      }
    }
    return fields;
  }

  interface Body {
    void write(JsonWriter w) throws IOException;
  }

  static int json(HttpExchange ex, int status, Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonWriter w = JsonProviders.createWriter(out)) {
      body.write(w);
    }
    byte[] bytes = out.toByteArray();
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
    return status;
  }

  private static String query(HttpExchange ex, String name) {
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params.get(name);
  }
}
