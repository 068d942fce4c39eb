package dev.fieldcrypt.vault;

import static dev.fieldcrypt.vault.VaultTests.SECRET;
import static dev.fieldcrypt.vault.VaultTests.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

  @Test
  void health_standby_servesThroughTheActiveNode() {
    vault.health = FakeVault.Health.STANDBY;
    VaultHealth h = health();
    assertThat(h.state()).isEqualTo(VaultHealth.State.STANDBY);
    assertThat(h.httpStatus()).isEqualTo(429);
    assertThat(h.serving()).isTrue();
  }

  @Test
  void health_sealed_isNotServing_andSaysHowToUnseal() {
    vault.health = FakeVault.Health.SEALED;
    VaultHealth h = health();
    assertThat(h.state()).isEqualTo(VaultHealth.State.SEALED);
    assertThat(h.serving()).isFalse();
    assertThat(h.detail()).contains("vault operator unseal").contains(vault.address());
  }

  @Test
  void health_uninitialized() {
    vault.health = FakeVault.Health.UNINITIALIZED;
    VaultHealth h = health();
    assertThat(h.state()).isEqualTo(VaultHealth.State.UNINITIALIZED);
    assertThat(h.httpStatus()).isEqualTo(501);
    assertThat(h.detail()).contains("vault operator init");
  }

  @Test
  void health_statusCodeAlone_decidesWithoutABody() {
    assertThat(
            VaultHealth.of(
                    473,
                    com.fasterxml.jackson.databind.node.MissingNode.getInstance(),
                    "CLOSED",
                    "x")
                .state())
        .isEqualTo(VaultHealth.State.PERFORMANCE_STANDBY);
    assertThat(
            VaultHealth.of(
                    472,
                    com.fasterxml.jackson.databind.node.MissingNode.getInstance(),
                    "CLOSED",
                    "x")
                .state())
        .isEqualTo(VaultHealth.State.DR_SECONDARY);
  }

  @Test
  void health_unreachable_doesNotThrow() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Map<String, String> env = env(vault);
    env.put("VAULT_ADDR", "http://127.0.0.1:" + port);

    VaultHealth h = VaultKeySource.create(SECRET, env).health();

    assertThat(h.state()).isEqualTo(VaultHealth.State.UNREACHABLE);
    assertThat(h.httpStatus()).isZero();
    assertThat(h.detail()).contains("VAULT_ADDR=http://127.0.0.1:" + port);
  }
}
