package dev.fieldcrypt.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of a Vault source: one JDK {@link HttpClient} (so connections are reused), the
 * connect and request timeouts, retries with exponential backoff and a circuit breaker. Each
 * request attempt passes the breaker; refused connections, timeouts, 429 and 5xx answers are
 * failures that are retried and counted, so after {@code FIELDCRYPT_VAULT_BREAKER_FAILURES} failed
 * attempts in a row the breaker opens and requests fail at once until the cool-down ends and one
 * trial request is let through (half-open). Other answers (2xx, 4xx) are returned to the caller,
 * which gives them a meaning. Thread-safe.
 */
final class VaultHttp {
  private static final Logger log = LoggerFactory.getLogger(VaultHttp.class);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

  private final VaultConfig config;
  private HttpClient client; // built on first use: opening a source does no I/O
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final AtomicInteger attempts = new AtomicInteger();

  VaultHttp(VaultConfig config) {
    this.config = config;
    this.retry =
        Retry.of(
            "vault",
            RetryConfig.custom()
                .maxAttempts(config.retries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(config.backoff(), 2.0))
                .retryOnException(VaultHttp::transient_)
                .failAfterMaxAttempts(false)
                .build());
    this.breaker =
        CircuitBreaker.of(
            "vault",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.breakerFailures())
                .minimumNumberOfCalls(config.breakerFailures())
                .failureRateThreshold(100f)
                .waitDurationInOpenState(config.breakerCooldown())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(VaultHttp::transient_)
                .build());
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                log.warn(
                    "Vault at {}: attempt {} failed ({}); retrying in {} ms",
                    config.address(),
                    e.getNumberOfRetryAttempts(),
                    describe(e.getLastThrowable()),
                    e.getWaitInterval().toMillis()));
    breaker
        .getEventPublisher()
        .onStateTransition(
            e ->
                log.warn(
                    "Vault at {}: circuit breaker {}", config.address(), e.getStateTransition()));
  }

  /**
   * The one client of this source (its connections are reused), with the TLS trust of {@code
   * VAULT_CACERT} or {@code VAULT_SKIP_VERIFY}; reading the CA file is why it waits for first use.
   */
  private synchronized HttpClient client() {
    if (client == null) {
      HttpClient.Builder b =
          HttpClient.newBuilder()
              .connectTimeout(config.connectTimeout())
              .followRedirects(HttpClient.Redirect.NEVER);
      SSLContext tls = VaultTls.context(config);
      if (tls != null) {
        b.sslContext(tls);
      }
      client = b.build();
    }
    return client;
  }

  VaultConfig config() {
    return config;
  }

  /** The breaker's state, for health reports. */
  CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  /** How many requests were attempted (tests count retries with it). */
  int attempts() {
    return attempts.get();
  }

  /**
   * Sends {@code method} to {@code /v1/<apiPath>} with retries and the breaker; {@code token} may
   * be null (login, health).
   *
   * @param what names the request in messages, e.g. {@code "read of secret secret/app"}
   * @return the answer, which is 2xx, 4xx or (after the last retry) a retryable status
   * @throws VaultConnectionException when every attempt failed to connect or timed out, or the
   *     breaker is open
   */
  VaultResponse send(String method, String apiPath, JsonNode body, String token, String what) {
    client(); // a bad VAULT_CACERT is a configuration error, not a failed attempt
    Callable<VaultResponse> attempt =
        CircuitBreaker.decorateCallable(breaker, () -> attempt(method, apiPath, body, token));
    try {
      return Retry.decorateCallable(retry, attempt).call();
    } catch (RetryableStatus e) {
      return e.response;
    } catch (CallNotPermittedException e) {
      throw new VaultConnectionException(
          "Vault at VAULT_ADDR="
              + config.address()
              + " is not asked for the "
              + what
              + ": the circuit breaker is open after "
              + config.breakerFailures()
              + " failed requests in a row, and lets one request through "
              + config.breakerCooldown().toSeconds()
              + " s after it opened (FIELDCRYPT_VAULT_BREAKER_COOLDOWN). Check that Vault is up"
              + " and reachable ('vault status').",
          e);
    } catch (IOException e) {
      throw connectionFailed(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultConnectionException(
          "interrupted while waiting for Vault at VAULT_ADDR="
              + config.address()
              + " ("
              + what
              + ").",
          e);
    } catch (Exception e) {
      throw new VaultConnectionException(
          "the " + what + " at VAULT_ADDR=" + config.address() + " failed: " + describe(e), e);
    }
  }

  /** One request without retries or breaker (health checks must see the server as it is). */
  VaultResponse sendOnce(String method, String apiPath) throws IOException, InterruptedException {
    return exchange(method, apiPath, null, null);
  }

  private VaultResponse attempt(String method, String apiPath, JsonNode body, String token)
      throws IOException, InterruptedException, RetryableStatus {
    VaultResponse r = exchange(method, apiPath, body, token);
    if (RETRYABLE.contains(r.status())) {
      throw new RetryableStatus(r);
    }
    return r;
  }

  private VaultResponse exchange(String method, String apiPath, JsonNode body, String token)
      throws IOException, InterruptedException {
    attempts.incrementAndGet();
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(config.address() + "/v1/" + apiPath))
            .timeout(config.requestTimeout())
            .header("Accept", "application/json")
            .header("X-Vault-Request", "true");
    if (token != null) {
      rb.header("X-Vault-Token", token);
    }
    if (config.namespace() != null) {
      rb.header("X-Vault-Namespace", config.namespace());
    }
    if (body == null) {
      rb.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      rb.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    HttpResponse<byte[]> resp = client().send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new VaultResponse(resp.statusCode(), parse(resp.body()));
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private VaultConnectionException connectionFailed(String what, IOException e) {
    String why;
    String remedy;
    if (e instanceof HttpConnectTimeoutException) {
      why = "connecting timed out after " + config.connectTimeout().toMillis() + " ms";
      remedy = "check VAULT_ADDR and the network path (FIELDCRYPT_VAULT_CONNECT_TIMEOUT)";
    } else if (e instanceof HttpTimeoutException) {
      why = "no answer within " + config.requestTimeout().toMillis() + " ms";
      remedy = "check Vault's load and logs (FIELDCRYPT_VAULT_REQUEST_TIMEOUT)";
    } else if (e instanceof SSLException || e.getCause() instanceof SSLException) {
      why = "the TLS handshake failed (" + e.getClass().getSimpleName() + ")";
      remedy =
          "set VAULT_CACERT to the PEM file of the CA that signed Vault's certificate, and check"
              + " that VAULT_ADDR's host name is in it";
    } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      why = "the connection was refused or the host is unreachable";
      remedy = "check that Vault runs and that VAULT_ADDR is right ('vault status')";
    } else {
      why = describe(e);
      remedy = "check VAULT_ADDR and that Vault is up ('vault status')";
    }
    return new VaultConnectionException(
        "the "
            + what
            + " at VAULT_ADDR="
            + config.address()
            + " failed after "
            + (config.retries() + 1)
            + " attempt(s): "
            + why
            + "; "
            + remedy
            + ".",
        e);
  }

  private static boolean transient_(Throwable t) {
    return t instanceof IOException || t instanceof RetryableStatus;
  }

  private static String describe(Throwable t) {
    if (t instanceof RetryableStatus r) {
      return r.response.toString();
    }
    return t == null ? "?" : t.getClass().getSimpleName();
  }

  /** A 429 or 5xx answer, thrown inside the retry loop so that it is retried and counted. */
  private static final class RetryableStatus extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient VaultResponse response;

    RetryableStatus(VaultResponse response) {
      super(response.toString(), null, false, false);
      this.response = response;
    }
  }
}
