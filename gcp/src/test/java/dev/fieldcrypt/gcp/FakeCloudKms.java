package dev.fieldcrypt.gcp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local Cloud KMS for the tests: {@code POST /v1/{cryptoKey}:encrypt} and {@code :decrypt} on
 * 127.0.0.1, with the request and response shapes of
 * https://cloud.google.com/kms/docs/reference/rest/v1/projects.locations.keyRings.cryptoKeys/encrypt
 * and
 * https://cloud.google.com/kms/docs/reference/rest/v1/projects.locations.keyRings.cryptoKeys/decrypt
 * (base64 bytes, int64 CRC32C as decimal strings, {@code verified…Crc32c} booleans) and errors as
 * https://cloud.google.com/apis/design/errors maps google.rpc.Status to HTTP ({@code {"error":
 * {"code", "message", "status"}}}). Each key holds real AES-256-GCM versions, the last one primary;
 * a ciphertext is the version number, a nonce and the GCM output under the request's additional
 * authenticated data, so another key's ciphertext, a changed one or other AAD fail as
 * INVALID_ARGUMENT, as Cloud KMS answers. Faults are queued per method; every attempt is counted.
 */
final class FakeCloudKms implements AutoCloseable {
  private static final Pattern PATH =
      Pattern.compile(
          "/v1/(projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/:]+):(\\w+)");

  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, List<byte[]>> keys = new HashMap<>();
  private final Set<String> disabled = new HashSet<>();
  private final Map<String, Deque<Answer>> faults = new HashMap<>();
  private final Map<String, Integer> corrupt = new HashMap<>();
  private final Map<String, Long> delays = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final List<String> requests = new ArrayList<>();
  private final List<String> answers = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private final List<byte[]> plaintexts = new ArrayList<>();

  FakeCloudKms() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL, for {@code FIELDCRYPT_GCP_KMS_ENDPOINT}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Creates {@code name} with one version, as {@code gcloud kms keys create}. */
  synchronized String createKey(String name) {
    keys.put(name, new ArrayList<>(List.of(aesKey())));
    return name;
  }

  /** A new primary version; the older ones keep decrypting. Returns its number. */
  synchronized int rotate(String name) {
    keys.get(name).add(aesKey());
    return keys.get(name).size();
  }

  /** Disables version {@code version} of {@code name}. */
  synchronized void disable(String name, int version) {
    disabled.add(name + "/" + version);
  }

  /**
   * The next {@code times} calls of {@code method} answer HTTP {@code code} with {@code status}.
   */
  synchronized void fail(String method, int times, int code, String status) {
    for (int i = 0; i < times; i++) {
      faults.computeIfAbsent(method, m -> new ArrayDeque<>()).add(error(code, status, "injected"));
    }
  }

  /** The next {@code times} answers of {@code method} carry a wrong CRC32C. */
  synchronized void corruptChecksums(String method, int times) {
    corrupt.put(method, times);
  }

  /** Every call of {@code method} from now on waits {@code millis} before it answers. */
  synchronized void delay(String method, long millis) {
    delays.put(method, millis);
  }

  /** The attempts of {@code method} so far, failed ones included. */
  synchronized int calls(String method) {
    return calls.getOrDefault(method, 0);
  }

  /** The request bodies so far. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** The bodies of the answers so far. */
  synchronized List<String> answers() {
    return List.copyOf(answers);
  }

  /** The {@code Authorization} headers so far, "" for a request without one. */
  synchronized List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** The plaintexts encrypted so far (the data keys). */
  synchronized List<byte[]> plaintexts() {
    return List.copyOf(plaintexts);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    long delay;
    synchronized (this) {
      delay = delays.getOrDefault(PATH.matcher(x.getRequestURI().getPath()).replaceAll("$2"), 0L);
    }
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    answer(x);
  }

  private synchronized void answer(HttpExchange x) throws IOException {
    try (x) {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = PATH.matcher(x.getRequestURI().getPath());
      if (!x.getRequestMethod().equals("POST") || !m.matches()) {
        send(x, error(404, "NOT_FOUND", "no such method"));
        return;
      }
      String name = m.group(1);
      String method = m.group(2);
      calls.merge(method, 1, Integer::sum);
      requests.add(body);
      String auth = x.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      Deque<Answer> queued = faults.get(method);
      if (queued != null && !queued.isEmpty()) {
        send(x, queued.poll());
        return;
      }
      List<byte[]> versions = keys.get(name);
      if (versions == null) {
        send(x, error(404, "NOT_FOUND", name + " not found."));
        return;
      }
      JsonObject request = JsonParser.parseString(body).getAsJsonObject();
      Answer a =
          switch (method) {
            case "encrypt" -> encrypt(name, versions, request);
            case "decrypt" -> decrypt(name, versions, request);
            default -> error(400, "INVALID_ARGUMENT", "unknown method");
          };
      send(x, a);
    }
  }

  private Answer encrypt(String name, List<byte[]> versions, JsonObject request) {
    byte[] plaintext = bytes(request, "plaintext");
    byte[] aad = bytes(request, "additionalAuthenticatedData");
    if (!crcOk(request, "plaintextCrc32c", plaintext)
        || !crcOk(request, "additionalAuthenticatedDataCrc32c", aad)) {
      return error(400, "INVALID_ARGUMENT", "The checksum in a request field did not match.");
    }
    int version = versions.size();
    if (disabled.contains(name + "/" + version)) {
      return error(400, "FAILED_PRECONDITION", "The primary version is not enabled.");
    }
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, versions.get(version - 1), nonce, aad, plaintext);
    byte[] ciphertext =
        ByteBuffer.allocate(1 + 12 + sealed.length)
            .put((byte) version)
            .put(nonce)
            .put(sealed)
            .array();
    plaintexts.add(plaintext);
    JsonObject r = new JsonObject();
    r.addProperty("name", name + "/cryptoKeyVersions/" + version);
    r.addProperty("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
    r.addProperty("ciphertextCrc32c", crc(ciphertext, "encrypt"));
    r.addProperty("verifiedPlaintextCrc32c", request.has("plaintextCrc32c"));
    r.addProperty(
        "verifiedAdditionalAuthenticatedDataCrc32c",
        request.has("additionalAuthenticatedDataCrc32c"));
    r.addProperty("protectionLevel", "SOFTWARE");
    return new Answer(200, r.toString());
  }

  private Answer decrypt(String name, List<byte[]> versions, JsonObject request) {
    byte[] ciphertext = bytes(request, "ciphertext");
    byte[] aad = bytes(request, "additionalAuthenticatedData");
    if (!crcOk(request, "ciphertextCrc32c", ciphertext)
        || !crcOk(request, "additionalAuthenticatedDataCrc32c", aad)) {
      return error(400, "INVALID_ARGUMENT", "The checksum in a request field did not match.");
    }
    Answer invalid =
        error(400, "INVALID_ARGUMENT", "Decryption failed: the ciphertext is invalid.");
    if (ciphertext.length < 1 + 12 + 16) {
      return invalid;
    }
    int version = ciphertext[0];
    if (version < 1 || version > versions.size()) {
      return invalid;
    }
    if (disabled.contains(name + "/" + version)) {
      return error(400, "FAILED_PRECONDITION", "The key version is not enabled.");
    }
    byte[] nonce = java.util.Arrays.copyOfRange(ciphertext, 1, 13);
    byte[] sealed = java.util.Arrays.copyOfRange(ciphertext, 13, ciphertext.length);
    byte[] plaintext = gcm(Cipher.DECRYPT_MODE, versions.get(version - 1), nonce, aad, sealed);
    if (plaintext == null) {
      return invalid;
    }
    JsonObject r = new JsonObject();
    r.addProperty("plaintext", Base64.getEncoder().encodeToString(plaintext));
    r.addProperty("plaintextCrc32c", crc(plaintext, "decrypt"));
    r.addProperty("usedPrimary", version == versions.size());
    r.addProperty("protectionLevel", "SOFTWARE");
    return new Answer(200, r.toString());
  }

  private String crc(byte[] data, String method) {
    long c = crc32c(data);
    int left = corrupt.getOrDefault(method, 0);
    if (left > 0) {
      corrupt.put(method, left - 1);
      return Long.toString((c + 1) & 0xffffffffL);
    }
    return Long.toString(c);
  }

  private static boolean crcOk(JsonObject request, String field, byte[] data) {
    JsonElement e = request.get(field);
    return e == null || e.getAsLong() == crc32c(data);
  }

  private static long crc32c(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return c.getValue();
  }

  private static byte[] bytes(JsonObject request, String field) {
    JsonElement e = request.get(field);
    return e == null ? new byte[0] : Base64.getDecoder().decode(e.getAsString());
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private byte[] aesKey() {
    byte[] k = new byte[32];
    random.nextBytes(k);
    return k;
  }

  private static Answer error(int code, String status, String message) {
    JsonObject e = new JsonObject();
    e.addProperty("code", code);
    e.addProperty("message", message);
    e.addProperty("status", status);
    JsonObject r = new JsonObject();
    r.add("error", e);
    return new Answer(code, r.toString());
  }

  private void send(HttpExchange x, Answer a) throws IOException {
    byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
    answers.add(a.body());
    x.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    x.sendResponseHeaders(a.code(), b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  private record Answer(int code, String body) {}
}
