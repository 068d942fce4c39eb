package dev.fieldcrypt.spring.boot;

import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.spring.boot.internal.Boot3KeyringHealthIndicator;
import dev.fieldcrypt.spring.boot.internal.Boot4KeyringHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A health indicator {@code fieldcryptKeyring} for the live keyring: UP, or DOWN while its reloads
 * fail (the last good keyring is still served), with the source, versions and times as details.
 * {@code HealthIndicator} is in {@code org.springframework.boot.actuate.health} on Boot 3 and in
 * {@code org.springframework.boot.health.contributor} on Boot 4: one class for each, each behind a
 * class-name condition.
 */
@AutoConfiguration(after = FieldcryptAutoConfiguration.class)
@ConditionalOnBean(LiveKeyring.class)
public class FieldcryptHealthAutoConfiguration {
  static final String NAME = "fieldcryptKeyringHealthIndicator";

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class Boot3 {
    @Bean(NAME)
    @ConditionalOnMissingBean(name = NAME)
    Boot3KeyringHealthIndicator fieldcryptKeyringHealthIndicator(LiveKeyring live) {
      return new Boot3KeyringHealthIndicator(live);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot4 {
    @Bean(NAME)
    @ConditionalOnMissingBean(name = NAME)
    Boot4KeyringHealthIndicator fieldcryptKeyringHealthIndicator(LiveKeyring live) {
      return new Boot4KeyringHealthIndicator(live);
    }
  }
}
