package dev.fieldcrypt.gcp;

import com.google.auth.Credentials;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fieldcrypt.gcp.GcpKmsException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls a method of the Cloud KMS REST API v1 ({@code POST {endpoint}/v1/{key}:{method}} with a
 * JSON body) over the JDK's {@link HttpClient}: an access token from the credentials in the {@code
 * Authorization} header, HTTP 429, 500, 503 and 504 and I/O failures retried with exponential
 * backoff and jitter up to {@link GcpKmsSettings#maxAttempts()} attempts within {@link
 * GcpKmsSettings#timeout()} (encrypt and decrypt change nothing, so a retry is safe), and every
 * other failure turned into one {@link GcpKmsException} by {@link KmsErrors}. Neither the request
 * body (it holds a data key) nor an answer is logged or kept in an exception. Thread-safe.
 */
final class KmsRest {
  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 503, 504);

  private final GcpKmsSettings settings;
  private final Supplier<Credentials> credentials;
  private final HttpClient http;

  /**
   * @param credentials the credentials for the {@code Authorization} header, loaded at the first
   *     call; null to send none (a loopback emulator)
   */
  KmsRest(GcpKmsSettings settings, Supplier<Credentials> credentials) {
    this.settings = settings;
    this.credentials = credentials;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * What {@code read} makes of the answer of {@code method} on {@code key} to {@code body}. When
   * {@code read} finds the answer damaged (a {@link Reason#DAMAGED_RESPONSE}: a checksum that does
   * not match), the call is retried like a 503, as Google advises for CRC32C mismatches.
   *
   * @throws GcpKmsException when the service refuses, cannot be reached within the attempts, or its
   *     answers stay damaged
   */
  <T> T post(CryptoKeyName key, String method, JsonObject body, Function<JsonObject, T> read) {
    URI uri = settings.methodUri(key.toString(), method);
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    Duration backoff = settings.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      Map<String, List<String>> auth = authorization(uri, key, method);
      HttpResponse<String> r = null;
      Exception failure = null;
      try {
        r = http.send(request(uri, body, auth, deadline), utf8());
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw KmsErrors.unreachable(method, key, settings, attempt, e);
      }
      GcpKmsException damaged = null;
      if (r != null && r.statusCode() == 200) {
        try {
          return read.apply(json(r.body(), method, key));
        } catch (GcpKmsException e) {
          if (e.reason() != Reason.DAMAGED_RESPONSE) {
            throw e;
          }
          damaged = e;
        }
      }
      boolean retryable = damaged != null || r == null || RETRYABLE.contains(r.statusCode());
      if (attempt >= settings.maxAttempts() || !retryable || !pause(backoff, deadline)) {
        throw damaged != null ? damaged : failed(r, failure, method, key, attempt);
      }
      backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
    }
  }

  /** The error of the last attempt: its answer, or the I/O failure that left none. */
  private GcpKmsException failed(
      HttpResponse<String> r, Exception failure, String method, CryptoKeyName key, int attempt) {
    if (r == null) {
      return KmsErrors.unreachable(method, key, settings, attempt, failure);
    }
    String status = KmsErrors.status(r.statusCode(), r.body());
    return KmsErrors.of(r.statusCode(), status, method, key, settings, attempt);
  }

  private HttpRequest request(
      URI uri, JsonObject body, Map<String, List<String>> auth, long deadline) {
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMillis(left))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    auth.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    return b.build();
  }

  /** The token headers; the library refreshes an expired token itself. */
  private Map<String, List<String>> authorization(URI uri, CryptoKeyName key, String method) {
    if (credentials == null) {
      return Map.of();
    }
    try {
      Map<String, List<String>> m = credentials.get().getRequestMetadata(uri);
      return m == null ? Map.of() : m;
    } catch (GcpKmsException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // The library's message may name a file or an account; the class is enough to act on.
      throw KmsErrors.unauthenticated(
          "the Application Default Credentials gave no access token for the "
              + method
              + " call on "
              + KmsErrors.subject(key)
              + " ("
              + e.getClass().getSimpleName()
              + "): ");
    }
  }

  /**
   * Sleeps {@code backoff} less up to half of it (jitter, so that a fleet does not retry in step);
   * false when the deadline would pass first, or the thread is interrupted.
   */
  private static boolean pause(Duration backoff, long deadline) {
    long max = backoff.toMillis();
    long sleep = max - ThreadLocalRandom.current().nextLong(max / 2 + 1);
    if (System.nanoTime() + sleep * 1_000_000 >= deadline) {
      return false;
    }
    try {
      Thread.sleep(sleep);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static JsonObject json(String body, String method, CryptoKeyName key) {
    try {
      JsonElement e = JsonParser.parseString(body);
      if (e.isJsonObject()) {
        return e.getAsJsonObject();
      }
    } catch (RuntimeException notJson) {
      // reported below, without the body
    }
    throw KmsErrors.damaged(method, key, "is not a JSON object");
  }

  private static HttpResponse.BodyHandler<String> utf8() {
    return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
