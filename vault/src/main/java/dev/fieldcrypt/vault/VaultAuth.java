package dev.fieldcrypt.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token of a Vault source and its life: taken from {@code VAULT_TOKEN}, {@code
 * VAULT_TOKEN_FILE}, an AppRole or Kubernetes login, or {@code ~/.vault-token} (in that order); its
 * TTL learnt from {@code auth/token/lookup-self} or the login; renewed with {@code
 * auth/token/renew-self} once two thirds of the TTL have passed; replaced by a new login when
 * renewal is refused, the token is no longer renewable, or Vault answers 403 to a request while a
 * login method is configured. The token is never logged nor put in a message. Thread-safe.
 *
 * <p>API: developer.hashicorp.com/vault/api-docs/auth/token, /auth/approle, /auth/kubernetes.
 */
final class VaultAuth {
  private static final Logger log = LoggerFactory.getLogger(VaultAuth.class);

  private final VaultHttp http;
  private final VaultConfig.Credentials creds;
  private final Clock clock;

  private String token;
  private String origin;
  private Instant renewAt; // null: never expires
  private Instant expiresAt;
  private boolean renewable;

  VaultAuth(VaultHttp http, Clock clock) {
    this.http = http;
    this.creds = http.config().credentials();
    this.clock = clock;
  }

  /** Sends an authenticated request; on 403 with a login method, logs in again and retries once. */
  VaultResponse call(String method, String path, JsonNode body, String what) {
    VaultResponse r = http.send(method, path, body, token(), what);
    if (r.status() == 403 && creds.canLogin()) {
      log.info("Vault answered 403 to the {}; logging in again ({})", what, creds);
      synchronized (this) {
        login();
      }
      r = http.send(method, path, body, token(), what);
    }
    return r;
  }

  /**
   * The exception for a 403 that {@link #call} could not cure: an authentication failure when Vault
   * no longer accepts the token itself, else permission denied on {@code path}.
   */
  VaultException forbidden(VaultResponse r, String what, String path) {
    VaultResponse self;
    synchronized (this) {
      self = http.send("GET", "auth/token/lookup-self", null, token, "token lookup");
    }
    if (self.status() == 403) {
      return new VaultAuthenticationException(
          "Vault at VAULT_ADDR="
              + http.config().address()
              + " refused the "
              + origin
              + " for the "
              + what
              + " ("
              + path
              + "): the token is invalid or expired. "
              + remedy());
    }
    return VaultErrors.forStatus(http.config(), r, what, path);
  }

  /** The token to send now: obtained, renewed or replaced first when due. */
  synchronized String token() {
    if (token == null) {
      acquire();
    } else if (renewAt != null && !now().isBefore(renewAt)) {
      renewOrLogin();
    }
    return token;
  }

  /** When the current token expires, or null when it never does or none was obtained yet. */
  synchronized Instant expiresAt() {
    return expiresAt;
  }

  private void acquire() {
    if (creds.token() != null) {
      adopt(creds.token(), "token from VAULT_TOKEN");
    } else if (creds.tokenFile() != null) {
      adopt(
          VaultFiles.readSecret(creds.tokenFile(), "VAULT_TOKEN_FILE"),
          "token from VAULT_TOKEN_FILE " + creds.tokenFile());
    } else if (creds.canLogin()) {
      login();
    } else if (creds.helperFile() != null && Files.isRegularFile(creds.helperFile())) {
      adopt(
          VaultFiles.readSecret(creds.helperFile(), "the token helper file"),
          "token from " + creds.helperFile());
    } else {
      throw new VaultAuthenticationException(
          "no Vault credentials for VAULT_ADDR="
              + http.config().address()
              + ": set VAULT_TOKEN (or VAULT_TOKEN_FILE), or VAULT_ROLE_ID and VAULT_SECRET_ID"
              + " for AppRole, or VAULT_KUBERNETES_ROLE for Kubernetes, or run 'vault login'"
              + " (which writes ~/.vault-token).");
    }
  }

  /** Takes a given token and learns its TTL; a refused one is replaced by a login if possible. */
  private void adopt(String candidate, String from) {
    VaultResponse r = http.send("GET", "auth/token/lookup-self", null, candidate, "token lookup");
    if (r.status() == 403) {
      if (creds.canLogin()) {
        log.info("the {} is invalid or expired; logging in ({})", from, creds);
        login();
        return;
      }
      throw new VaultAuthenticationException(
          "Vault at VAULT_ADDR="
              + http.config().address()
              + " refused the "
              + from
              + " (403 to auth/token/lookup-self): it is invalid or expired. "
              + remedy());
    }
    if (!r.ok()) {
      throw VaultErrors.forStatus(http.config(), r, "token lookup", "auth/token/lookup-self");
    }
    JsonNode data = r.json().path("data");
    token = candidate;
    origin = from;
    schedule(data.path("ttl").asLong(0), data.path("renewable").asBoolean(false));
  }

  /** Logs in with AppRole or Kubernetes, replacing the token. */
  private void login() {
    Login l = creds.appRole() ? appRoleLogin() : creds.kubernetes() ? kubernetesLogin() : null;
    if (l == null) {
      throw new VaultAuthenticationException(
          "Vault at VAULT_ADDR=" + http.config().address() + " refused the token. " + remedy());
    }
    String path = "auth/" + l.mount() + "/login";
    VaultResponse r = http.send("POST", path, l.body(), null, l.what());
    if (r.status() == 400 || r.status() == 401 || r.status() == 403) {
      throw new VaultAuthenticationException(
          "Vault at VAULT_ADDR="
              + http.config().address()
              + " refused the "
              + l.what()
              + " ("
              + r
              + " from "
              + path
              + "); check "
              + l.settings()
              + ".");
    }
    if (!r.ok()) {
      throw VaultErrors.forStatus(http.config(), r, l.what(), path);
    }
    JsonNode auth = r.json().path("auth");
    String t = auth.path("client_token").asText("");
    if (t.isEmpty()) {
      throw new VaultAuthenticationException(
          "Vault at VAULT_ADDR="
              + http.config().address()
              + " answered the "
              + l.what()
              + " ("
              + path
              + ") without a client token; check the auth method's configuration.");
    }
    token = t;
    origin = "token from the " + l.what();
    long ttl = auth.path("lease_duration").asLong(0);
    schedule(ttl, auth.path("renewable").asBoolean(false));
    log.info("Vault {} at {} succeeded; token TTL {} s", l.what(), http.config().address(), ttl);
  }

  /** A login request: the auth mount, the body (holds a credential: never log it), names. */
  private record Login(String mount, ObjectNode body, String what, String settings) {
    @Override
    public String toString() {
      return what;
    }
  }

  private Login appRoleLogin() {
    ObjectNode body = VaultHttp.JSON.createObjectNode();
    body.put("role_id", creds.roleId().read());
    if (creds.secretId() != null) {
      body.put("secret_id", creds.secretId().read());
    }
    return new Login(
        creds.appRoleMount(),
        body,
        "AppRole login",
        "VAULT_ROLE_ID and VAULT_SECRET_ID (or their _FILE)");
  }

  private Login kubernetesLogin() {
    ObjectNode body = VaultHttp.JSON.createObjectNode();
    body.put("role", creds.kubernetesRole());
    body.put(
        "jwt",
        VaultFiles.readSecret(creds.kubernetesTokenFile(), "the service-account token file"));
    return new Login(
        creds.kubernetesMount(),
        body,
        "Kubernetes login",
        "VAULT_KUBERNETES_ROLE, the service-account token "
            + creds.kubernetesTokenFile()
            + " (VAULT_KUBERNETES_TOKEN_FILE) and the role's bound service accounts");
  }

  private void renewOrLogin() {
    if (renewable) {
      VaultResponse r =
          http.send(
              "POST",
              "auth/token/renew-self",
              VaultHttp.JSON.createObjectNode(),
              token,
              "token renewal");
      if (r.ok()) {
        JsonNode auth = r.json().path("auth");
        schedule(auth.path("lease_duration").asLong(0), auth.path("renewable").asBoolean(false));
        log.debug("Vault token renewed; TTL {} s", auth.path("lease_duration").asLong(0));
        return;
      }
      if (r.status() != 400 && r.status() != 403) {
        throw VaultErrors.forStatus(http.config(), r, "token renewal", "auth/token/renew-self");
      }
      log.warn("Vault refused to renew the {} ({})", origin, r);
      renewable = false;
    }
    if (creds.canLogin()) {
      login();
    } else if (!now().isBefore(expiresAt)) {
      throw new VaultAuthenticationException(
          "the "
              + origin
              + " for VAULT_ADDR="
              + http.config().address()
              + " has expired and cannot be renewed. "
              + remedy());
    } else {
      renewAt = expiresAt; // use it until it expires; nothing else can be done
      log.warn("the Vault {} cannot be renewed and expires at {}", origin, expiresAt);
    }
  }

  private void schedule(long ttlSeconds, boolean canRenew) {
    renewable = canRenew;
    if (ttlSeconds <= 0) {
      renewAt = null;
      expiresAt = null;
      return;
    }
    Instant now = now();
    expiresAt = now.plusSeconds(ttlSeconds);
    renewAt = now.plus(Duration.ofSeconds(ttlSeconds).multipliedBy(2).dividedBy(3));
  }

  private String remedy() {
    return "Get a new token ('vault login') and set VAULT_TOKEN or VAULT_TOKEN_FILE, or configure"
        + " AppRole (VAULT_ROLE_ID, VAULT_SECRET_ID) or Kubernetes (VAULT_KUBERNETES_ROLE) login so"
        + " that fieldcrypt logs in again by itself.";
  }

  private Instant now() {
    return clock.instant();
  }

  @Override
  public String toString() {
    return "VaultAuth[" + creds + "]";
  }
}
