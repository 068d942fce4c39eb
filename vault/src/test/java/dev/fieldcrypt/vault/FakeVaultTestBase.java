package dev.fieldcrypt.vault;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a {@link FakeVault} per test, with the environment of {@link VaultTests#env}. */
abstract class FakeVaultTestBase {
  protected FakeVault vault;
  protected Map<String, String> env;
  protected final VaultTests.TestClock clock = new VaultTests.TestClock();

  @BeforeEach
  void startFakeVault() throws Exception {
    vault = FakeVault.start();
    env = VaultTests.env(vault);
  }

  @AfterEach
  void stopFakeVault() {
    vault.close();
  }

  /** The source of {@link VaultTests#SECRET} over {@link #env} and {@link #clock}. */
  protected VaultKeySource source() {
    return VaultKeySource.create(VaultTests.SECRET, env, clock);
  }
}
