package dev.fieldcrypt.spring.boot.internal;

import dev.fieldcrypt.core.LiveKeyring;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The live keyring's health on Spring Boot 3 ({@code org.springframework.boot.actuate.health}). */
public final class Boot3KeyringHealthIndicator implements HealthIndicator {
  private final LiveKeyring live;

  public Boot3KeyringHealthIndicator(LiveKeyring live) {
    this.live = live;
  }

  @Override
  public Health health() {
    Health.Builder b = KeyringHealth.up(live.status()) ? Health.up() : Health.down();
    return b.withDetails(KeyringHealth.details(live)).build();
  }
}
