package dev.fieldcrypt.gcp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link FakeSecretManager} and a source on {@link GcpTests#NAME} for each test. */
abstract class WithFakeSecretManager {
  FakeSecretManager fake;
  GcpSecretManagerKeySource source;

  @BeforeEach
  void startFake() throws Exception {
    fake = new FakeSecretManager();
    source = GcpTests.source(fake);
  }

  @AfterEach
  void stopFake() {
    source.close();
    fake.close();
  }
}
