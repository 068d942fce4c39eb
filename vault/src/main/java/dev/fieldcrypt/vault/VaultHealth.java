package dev.fieldcrypt.vault;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code GET /v1/sys/health} says of the Vault server a source talks to
 * (developer.hashicorp.com/vault/api-docs/system/health), asked once, without retries and past the
 * circuit breaker, so that it reports the server as it is now. The body's {@code initialized},
 * {@code sealed} and {@code standby} flags decide the state where present; else the status code
 * (200 active, 429 standby, 472 DR secondary, 473 performance standby, 474 standby without an
 * active node, 501 uninitialized, 503 sealed). Immutable; holds no secret.
 *
 * <pre>{@code
 * VaultHealth h = ((VaultKeySource) KeySources.open("vault:secret/app")).health();
 * if (!h.serving()) alert(h.detail());
 * }</pre>
 *
 * @param state the server's state
 * @param httpStatus the status code, or 0 when Vault could not be reached
 * @param version Vault's version, or null when unknown
 * @param breaker the source's circuit breaker state ({@code CLOSED}, {@code OPEN}, {@code
 *     HALF_OPEN})
 * @param detail one line for operators: address, state and remedy
 */
public record VaultHealth(
    State state, int httpStatus, String version, String breaker, String detail) {

  /** The states of a Vault server, as {@code sys/health} tells them apart. */
  public enum State {
    /** Initialized, unsealed and active. */
    ACTIVE,
    /** Unsealed standby; it forwards requests to the active node. */
    STANDBY,
    /** A performance standby (Enterprise): it serves reads. */
    PERFORMANCE_STANDBY,
    /** A disaster-recovery secondary: it serves no secrets. */
    DR_SECONDARY,
    /** Sealed: an operator must unseal it. */
    SEALED,
    /** Not initialized: {@code vault operator init} was never run. */
    UNINITIALIZED,
    /** No answer: refused, timed out, TLS failure. */
    UNREACHABLE,
    /** An answer this client does not know. */
    UNKNOWN
  }

  /** Whether the server can serve the keyring now (active or a standby). */
  public boolean serving() {
    return state == State.ACTIVE || state == State.STANDBY || state == State.PERFORMANCE_STANDBY;
  }

  static VaultHealth of(int status, JsonNode body, String breaker, String address) {
    State state = fromBody(body);
    if (state == null) {
      state =
          switch (status) {
            case 200 -> State.ACTIVE;
            case 429, 474 -> State.STANDBY;
            case 472 -> State.DR_SECONDARY;
            case 473 -> State.PERFORMANCE_STANDBY;
            case 501 -> State.UNINITIALIZED;
            case 503 -> State.SEALED;
            default -> State.UNKNOWN;
          };
    }
    String version = body.path("version").isTextual() ? body.path("version").asText() : null;
    return new VaultHealth(state, status, version, breaker, detail(state, address, status));
  }

  static VaultHealth unreachable(String breaker, String address, String why) {
    return new VaultHealth(
        State.UNREACHABLE,
        0,
        null,
        breaker,
        "Vault at VAULT_ADDR="
            + address
            + " is unreachable ("
            + why
            + "); check that it runs and that VAULT_ADDR and VAULT_CACERT are right.");
  }

  private static State fromBody(JsonNode b) {
    if (!b.has("initialized") || !b.has("sealed")) {
      return null;
    }
    if (!b.path("initialized").asBoolean()) {
      return State.UNINITIALIZED;
    }
    if (b.path("sealed").asBoolean()) {
      return State.SEALED;
    }
    if (b.path("performance_standby").asBoolean()) {
      return State.PERFORMANCE_STANDBY;
    }
    if (b.path("standby").asBoolean()) {
      return State.STANDBY;
    }
    return null; // let the status code tell an active node from a DR secondary
  }

  private static String detail(State state, String address, int status) {
    String where = "Vault at VAULT_ADDR=" + address + " (HTTP " + status + ") is ";
    return switch (state) {
      case ACTIVE -> where + "active.";
      case STANDBY -> where + "a standby node; it forwards requests to the active node.";
      case PERFORMANCE_STANDBY -> where + "a performance standby.";
      case DR_SECONDARY ->
          where
              + "a DR secondary and serves no secrets; point VAULT_ADDR to the"
              + " primary cluster.";
      case SEALED -> where + "sealed; unseal it ('vault operator unseal').";
      case UNINITIALIZED -> where + "not initialized; run 'vault operator init'.";
      default -> where + "in a state this client does not know.";
    };
  }
}
