package dev.fieldcrypt.spring.boot.internal;

import dev.fieldcrypt.core.LiveKeyring;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The live keyring's health on Spring Boot 4 ({@code org.springframework.boot.health.contributor}).
 */
public final class Boot4KeyringHealthIndicator implements HealthIndicator {
  private final LiveKeyring live;

  public Boot4KeyringHealthIndicator(LiveKeyring live) {
    this.live = live;
  }

  @Override
  public Health health() {
    Health.Builder b = KeyringHealth.up(live.status()) ? Health.up() : Health.down();
    return b.withDetails(KeyringHealth.details(live)).build();
  }
}
