package dev.fieldcrypt.vault;

import static dev.fieldcrypt.vault.VaultTests.SECRET;
import static dev.fieldcrypt.vault.VaultTests.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaultHealthTest {
  private FakeVault vault;

  @BeforeEach
  void start() throws Exception {
    vault = FakeVault.start();
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  private VaultHealth health() {
    return VaultKeySource.create(SECRET, env(vault)).health();
  }

  @Test
  void health_active() {
    VaultHealth h = health();
    assertThat(h.state()).isEqualTo(VaultHealth.State.ACTIVE);
    assertThat(h.httpStatus()).isEqualTo(200);
    assertThat(h.version()).isEqualTo("1.17.2");
    assertThat(h.serving()).isTrue();
    assertThat(h.breaker()).isEqualTo("CLOSED");
  }

  @ParameterizedTest
  @CsvSource({
    "STANDBY, STANDBY, 429, true, forwards requests to the active node",
    "SEALED, SEALED, 503, false, vault operator unseal",
    "UNINITIALIZED, UNINITIALIZED, 501, false, vault operator init"
  })
  void health_tellsTheStatesApart(
      FakeVault.Health fake, VaultHealth.State state, int status, boolean serving, String remedy) {
    vault.health = fake;

    VaultHealth h = health();

    assertThat(h.state()).isEqualTo(state);
    assertThat(h.httpStatus()).isEqualTo(status);
    assertThat(h.serving()).isEqualTo(serving);
    assertThat(h.detail()).contains(remedy).contains(vault.address());
  }

  @ParameterizedTest
  @CsvSource({
    "200, ACTIVE",
    "473, PERFORMANCE_STANDBY",
    "472, DR_SECONDARY",
    "474, STANDBY",
    "418, UNKNOWN"
  })
  void health_statusCodeAlone_decidesWithoutABody(int status, VaultHealth.State state) {
    VaultHealth h =
        VaultHealth.of(
            status, com.fasterxml.jackson.databind.node.MissingNode.getInstance(), "CLOSED", "x");
    assertThat(h.state()).isEqualTo(state);
  }

  @Test
  void health_unreachable_doesNotThrow() throws Exception {
    int port = VaultTests.freePort();
    Map<String, String> env = env(vault);
    env.put("VAULT_ADDR", "http://127.0.0.1:" + port);

    VaultHealth h = VaultKeySource.create(SECRET, env).health();

    assertThat(h.state()).isEqualTo(VaultHealth.State.UNREACHABLE);
    assertThat(h.httpStatus()).isZero();
    assertThat(h.detail()).contains("VAULT_ADDR=http://127.0.0.1:" + port);
  }
}
