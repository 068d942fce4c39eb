package dev.fieldcrypt.vault;

import static dev.fieldcrypt.vault.VaultSettings.blankToNull;
import static dev.fieldcrypt.vault.VaultSettings.bool;
import static dev.fieldcrypt.vault.VaultSettings.duration;
import static dev.fieldcrypt.vault.VaultSettings.integer;
import static dev.fieldcrypt.vault.VaultSettings.mount;
import static dev.fieldcrypt.vault.VaultSettings.path;

import dev.fieldcrypt.core.KeyringConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of a Vault source, read once from the environment map given to the provider (never
 * from {@link System#getenv()} directly), with Vault's own names where Vault has one. Immutable;
 * {@link #toString()} shows no credential. The secret values themselves ({@code VAULT_TOKEN}, the
 * secret id) are held here but files ({@code VAULT_TOKEN_FILE}, {@code ~/.vault-token}, {@code
 * VAULT_SECRET_ID_FILE}, the service-account token) are read when a login needs them, so a rotated
 * file is picked up.
 */
record VaultConfig(
    URI address,
    String namespace,
    Path caCert,
    boolean skipVerify,
    Credentials credentials,
    int retries,
    Duration backoff,
    int breakerFailures,
    Duration breakerCooldown,
    Duration cacheTtl,
    Duration connectTimeout,
    Duration requestTimeout) {

  static final String DEFAULT_ADDRESS = "https://127.0.0.1:8200";
  static final String DEFAULT_K8S_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

  /**
   * How this source gets a token, in the order it tries them: {@code VAULT_TOKEN}, {@code
   * VAULT_TOKEN_FILE}, AppRole ({@code VAULT_ROLE_ID} + {@code VAULT_SECRET_ID}), Kubernetes
   * ({@code VAULT_KUBERNETES_ROLE}), then {@code ~/.vault-token} (the CLI's token helper file).
   */
  record Credentials(
      String token,
      Path tokenFile,
      Path helperFile,
      Secret roleId,
      Secret secretId,
      String appRoleMount,
      String kubernetesRole,
      Path kubernetesTokenFile,
      String kubernetesMount) {

    boolean appRole() {
      return roleId != null;
    }

    boolean kubernetes() {
      return kubernetesRole != null;
    }

    /** Whether a login can replace an expired or refused token. */
    boolean canLogin() {
      return appRole() || kubernetes();
    }

    @Override
    public String toString() {
      return appRole()
          ? "AppRole (VAULT_ROLE_ID)"
          : kubernetes()
              ? "Kubernetes role " + kubernetesRole
              : token != null
                  ? "token from VAULT_TOKEN"
                  : tokenFile != null
                      ? "token from VAULT_TOKEN_FILE"
                      : helperFile != null
                          ? "token from " + helperFile + " if it exists"
                          : "no credentials";
    }
  }

  /** A value given directly ({@code NAME}) or by file ({@code NAME_FILE}); never printed. */
  record Secret(String variable, String value, Path file) {
    /** The value, read from the file now if it came by file. */
    String read() {
      return value != null ? value : VaultFiles.readSecret(file, variable + "_FILE");
    }

    @Override
    public String toString() {
      return variable;
    }
  }

  /**
   * The settings {@code env} holds.
   *
   * @throws KeyringConfigException naming the first invalid variable, its allowed form and default
   */
  static VaultConfig from(Map<String, String> env) {
    return new VaultConfig(
        address(env),
        blankToNull(env.get("VAULT_NAMESPACE")),
        path(env, "VAULT_CACERT"),
        bool(env, "VAULT_SKIP_VERIFY"),
        credentials(env),
        integer(env, "FIELDCRYPT_VAULT_RETRIES", 3, 0),
        duration(env, "FIELDCRYPT_VAULT_BACKOFF", Duration.ofSeconds(1), Duration.ofMillis(1)),
        integer(env, "FIELDCRYPT_VAULT_BREAKER_FAILURES", 5, 1),
        duration(
            env, "FIELDCRYPT_VAULT_BREAKER_COOLDOWN", Duration.ofSeconds(30), Duration.ofMillis(1)),
        duration(env, "FIELDCRYPT_VAULT_CACHE_TTL", Duration.ofMinutes(5), Duration.ZERO),
        duration(
            env, "FIELDCRYPT_VAULT_CONNECT_TIMEOUT", Duration.ofSeconds(5), Duration.ofMillis(1)),
        duration(
            env, "FIELDCRYPT_VAULT_REQUEST_TIMEOUT", Duration.ofSeconds(10), Duration.ofMillis(1)));
  }

  private static URI address(Map<String, String> env) {
    String raw = blankToNull(env.get("VAULT_ADDR"));
    String value = raw == null ? DEFAULT_ADDRESS : raw.strip();
    while (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    try {
      URI uri = URI.create(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getUserInfo() == null
          && uri.getQuery() == null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below, without the parser's text (which would echo the value)
    }
    throw new KeyringConfigException(
        "VAULT_ADDR is not an http(s) address of a Vault server; set it as Vault's CLI expects,"
            + " e.g. VAULT_ADDR=https://vault.example.com:8200 (default "
            + DEFAULT_ADDRESS
            + ").");
  }

  private static Credentials credentials(Map<String, String> env) {
    String token = blankToNull(env.get("VAULT_TOKEN"));
    Path tokenFile = path(env, "VAULT_TOKEN_FILE");
    if (token != null && tokenFile != null) {
      throw new KeyringConfigException(
          "both VAULT_TOKEN and VAULT_TOKEN_FILE are set in the environment; set only one.");
    }
    Secret roleId = secret(env, "VAULT_ROLE_ID");
    Secret secretId = secret(env, "VAULT_SECRET_ID");
    if (roleId == null && secretId != null) {
      throw new KeyringConfigException(
          "VAULT_SECRET_ID is set but VAULT_ROLE_ID is not; AppRole login needs both (or"
              + " VAULT_ROLE_ID alone for a role without bind_secret_id).");
    }
    String home = blankToNull(env.get("HOME"));
    // Only named here; whether it exists is seen when a token is needed (opening does no I/O).
    Path helper = home == null ? null : Path.of(home, ".vault-token");
    Path k8sToken = path(env, "VAULT_KUBERNETES_TOKEN_FILE");
    return new Credentials(
        token,
        tokenFile,
        helper,
        roleId,
        secretId,
        mount(env, "VAULT_APPROLE_MOUNT", "approle"),
        blankToNull(env.get("VAULT_KUBERNETES_ROLE")),
        k8sToken == null ? Path.of(DEFAULT_K8S_TOKEN) : k8sToken,
        mount(env, "VAULT_KUBERNETES_MOUNT", "kubernetes"));
  }

  private static Secret secret(Map<String, String> env, String name) {
    String value = blankToNull(env.get(name));
    Path file = path(env, name + "_FILE");
    if (value != null && file != null) {
      throw new KeyringConfigException(
          "both " + name + " and " + name + "_FILE are set in the environment; set only one.");
    }
    return value == null && file == null ? null : new Secret(name, value, file);
  }

  @Override
  public String toString() {
    return "VaultConfig[VAULT_ADDR="
        + address
        + (namespace == null ? "" : ", VAULT_NAMESPACE=" + namespace)
        + ", auth="
        + credentials
        + ", retries="
        + retries
        + ", backoff="
        + backoff
        + ", cacheTtl="
        + cacheTtl
        + "]";
  }
}
