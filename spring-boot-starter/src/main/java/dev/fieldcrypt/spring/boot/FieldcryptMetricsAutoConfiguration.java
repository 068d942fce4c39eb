package dev.fieldcrypt.spring.boot;

import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.spring.boot.internal.LiveKeyringMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer gauges of the live keyring ({@code fieldcrypt.keyring.stale}, {@code
 * fieldcrypt.keyring.age}, {@code fieldcrypt.keyring.versions}) when the application has
 * Micrometer: a {@code MeterBinder} bean, which Boot binds to every registry on Boot 3 and 4.
 */
@AutoConfiguration(after = FieldcryptAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(LiveKeyring.class)
public class FieldcryptMetricsAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  LiveKeyringMetrics fieldcryptLiveKeyringMetrics(LiveKeyring liveKeyring) {
    return new LiveKeyringMetrics(liveKeyring);
  }
}
