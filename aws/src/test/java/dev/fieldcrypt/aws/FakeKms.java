package dev.fieldcrypt.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * An in-memory AWS KMS on loopback, speaking the service's JSON 1.1 protocol ({@code POST /},
 * {@code X-Amz-Target: TrentService.<Operation>}, blobs in base64; errors as {@code
 * {"__type":"…","message":"…"}}), so that tests run the real SDK client against it. It follows
 * docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html ({@code KeyId}, {@code
 * KeySpec} or {@code NumberOfBytes}, {@code EncryptionContext}; answers {@code CiphertextBlob},
 * {@code Plaintext}, {@code KeyId} as the key ARN) and API_Decrypt.html ({@code CiphertextBlob},
 * {@code KeyId}: another key's blob is {@code IncorrectKeyException}; a changed blob or another
 * encryption context is {@code InvalidCiphertextException}; a disabled key is {@code
 * DisabledException}; an unknown one {@code NotFoundException}). A blob is {@code key id ‖ nonce ‖
 * AES-GCM(data key)} with the encryption context as associated data. Signatures are not checked.
 * Faults can be queued per operation.
 */
public final class FakeKms implements AutoCloseable {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "111122223333";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Key(String id, String arn, byte[] aes, boolean enabled) {}

  private static final class KmsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;

    KmsError(int status, String type) {
      super("injected or simulated " + type);
      this.status = status;
      this.type = type;
    }
  }

  private final HttpServer server;
  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  private final Map<String, String> aliases = new ConcurrentHashMap<>();
  private final Map<String, Deque<String>> faults = new ConcurrentHashMap<>();
  private final RequestLog log = new RequestLog("TrentService.");

  public FakeKms() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A new enabled key; returns its ARN. */
  public String createKey(String alias) {
    String id = UUID.randomUUID().toString();
    byte[] aes = new byte[32];
    RANDOM.nextBytes(aes);
    Key k = new Key(id, "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + id, aes, true);
    keys.put(id, k);
    if (alias != null) {
      aliases.put(alias, id);
    }
    return k.arn;
  }

  public void disable(String arn) {
    Key k = resolve(arn);
    keys.put(k.id, new Key(k.id, k.arn, k.aes, false));
  }

  /** The next {@code times} calls of {@code operation} fail with {@code type}. */
  void fail(String operation, int times, String type) {
    for (int i = 0; i < times; i++) {
      faults.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(type);
    }
  }

  public int calls(String operation) {
    return log.calls(operation);
  }

  List<String> bodies() {
    return log.bodies();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      RequestLog.Request request = log.record(x);
      String op = request.operation();
      String body = request.body();
      int status = 200;
      String out;
      try {
        Deque<String> q = faults.get(op);
        String fault = q == null ? null : q.poll();
        if (fault != null) {
          throw new KmsError(fault.startsWith("KMSInternal") ? 500 : 400, fault);
        }
        out = Json.write(apply(op, JsonNode.parser().parse(body).asObject()));
      } catch (KmsError e) {
        status = e.status;
        out = Json.error(e.type, e.getMessage());
      }
      Json.respond(x, status, out);
    }
  }

  private Map<String, Object> apply(String op, Map<String, JsonNode> in) {
    return switch (op) {
      case "GenerateDataKey" -> generateDataKey(in);
      case "Decrypt" -> decrypt(in);
      default -> throw new KmsError(400, "UnsupportedOperationException");
    };
  }

  private Map<String, Object> generateDataKey(Map<String, JsonNode> in) {
    Key k = usable(text(in, "KeyId"));
    String spec = text(in, "KeySpec");
    if (!"AES_256".equals(spec)) {
      throw new KmsError(400, "ValidationException");
    }
    byte[] dk = new byte[32];
    RANDOM.nextBytes(dk);
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    byte[] body = gcm(Cipher.ENCRYPT_MODE, k, nonce, context(in), dk);
    byte[] blob = concat(k.id.getBytes(StandardCharsets.US_ASCII), nonce, body);
    Base64.Encoder b64 = Base64.getEncoder();
    return Map.of(
        "CiphertextBlob", b64.encodeToString(blob),
        "Plaintext", b64.encodeToString(dk),
        "KeyId", k.arn);
  }

  private Map<String, Object> decrypt(Map<String, JsonNode> in) {
    byte[] blob = Base64.getDecoder().decode(text(in, "CiphertextBlob"));
    if (blob.length < 36 + 12 + 16) {
      throw new KmsError(400, "InvalidCiphertextException");
    }
    Key owner = keys.get(new String(blob, 0, 36, StandardCharsets.US_ASCII));
    if (owner == null) {
      throw new KmsError(400, "InvalidCiphertextException");
    }
    String requested = text(in, "KeyId");
    if (requested != null && !resolve(requested).id.equals(owner.id)) {
      throw new KmsError(400, "IncorrectKeyException");
    }
    Key k = usable(owner.arn);
    byte[] dk =
        gcm(
            Cipher.DECRYPT_MODE,
            k,
            Arrays.copyOfRange(blob, 36, 48),
            context(in),
            Arrays.copyOfRange(blob, 48, blob.length));
    return Map.of(
        "KeyId",
        k.arn,
        "Plaintext",
        Base64.getEncoder().encodeToString(dk),
        "EncryptionAlgorithm",
        "SYMMETRIC_DEFAULT");
  }

  private Key usable(String keyId) {
    Key k = resolve(keyId);
    if (!k.enabled) {
      throw new KmsError(400, "DisabledException");
    }
    return k;
  }

  /** A key id, key ARN, alias name or alias ARN, as the API reference's KeyId accepts. */
  private Key resolve(String keyId) {
    String id = keyId == null ? "" : keyId;
    int alias = id.indexOf(":alias/");
    if (alias >= 0) {
      id = id.substring(alias + 1);
    }
    if (id.startsWith("alias/")) {
      id = aliases.getOrDefault(id, "");
    }
    int slash = id.indexOf(":key/");
    Key k = keys.get(slash >= 0 ? id.substring(slash + 5) : id);
    if (k == null) {
      throw new KmsError(400, "NotFoundException");
    }
    return k;
  }

  private static byte[] context(Map<String, JsonNode> in) {
    JsonNode n = in.get("EncryptionContext");
    TreeMap<String, String> sorted = new TreeMap<>();
    if (n != null && !n.isNull()) {
      n.asObject().forEach((k, v) -> sorted.put(k, v.asString()));
    }
    return sorted.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gcm(int mode, Key k, byte[] nonce, byte[] aad, byte[] in) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(k.aes, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new KmsError(400, "InvalidCiphertextException");
    }
  }

  private static byte[] concat(byte[]... parts) {
    byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static String text(Map<String, JsonNode> in, String field) {
    JsonNode n = in.get(field);
    return n == null || n.isNull() ? null : n.asString();
  }
}
