package dev.fieldcrypt.spring.boot;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.spring.boot.internal.JpaCipherPostProcessor;
import dev.fieldcrypt.spring.boot.internal.KeyringFactory;
import dev.fieldcrypt.spring.boot.internal.KeyringSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The application's one {@link FieldCipher}, used by Hibernate for {@code @Encrypted} attributes
 * and by the re-encryption jobs, so the two can never drift apart. It follows a {@link LiveKeyring}
 * when {@code fieldcrypt.keyring.uri} or {@code fieldcrypt.keyring.refresh-interval} is set, else
 * the keyring loaded once. A {@code FieldCipher} bean of the application's own replaces it (and is
 * what Hibernate and the jobs then use).
 *
 * <p>Hibernate gets the cipher as its {@code fieldcrypt.cipher} setting through a {@code
 * BeanPostProcessor} on Spring ORM's {@code LocalContainerEntityManagerFactoryBean}, which is the
 * same class on Spring Boot 3 and 4 (Boot's {@code HibernatePropertiesCustomizer} moved package in
 * Boot 4).
 */
@AutoConfiguration
@EnableConfigurationProperties(FieldcryptProperties.class)
public class FieldcryptAutoConfiguration {

  /** The settings in force: {@code fieldcrypt.keyring.*}, or the Hibernate ones as a fallback. */
  @Bean
  @ConditionalOnMissingBean
  KeyringSettings fieldcryptKeyringSettings(FieldcryptProperties properties, Environment env) {
    return KeyringSettings.resolve(properties.keyring(), env);
  }

  /** The live keyring, when one is asked for; closed with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean({FieldCipher.class, LiveKeyring.class})
  @Conditional(LiveKeyringWanted.class)
  LiveKeyring fieldcryptLiveKeyring(KeyringSettings settings) {
    return KeyringFactory.live(settings);
  }

  /** The cipher Hibernate and the jobs share. */
  @Bean
  @ConditionalOnMissingBean
  FieldCipher fieldcryptCipher(KeyringSettings settings, ObjectProvider<LiveKeyring> live) {
    return KeyringFactory.cipher(settings, live.getIfAvailable());
  }

  /** Hands the cipher to every JPA EntityManagerFactory that Spring builds. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean",
        "org.hibernate.SessionFactory"
      })
  static class Jpa {
    @Bean
    static JpaCipherPostProcessor fieldcryptJpaCipherPostProcessor(
        ObjectProvider<FieldCipher> cipher) {
      return new JpaCipherPostProcessor(cipher);
    }
  }

  /**
   * A URI (even an empty one, which then fails clearly) or a refresh interval, read from where
   * {@link KeyringSettings#resolve} reads them: {@code fieldcrypt.keyring.*}, or the Hibernate
   * settings under {@code spring.jpa.properties} when none of those is set.
   */
  static final class LiveKeyringWanted implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return KeyringSettings.wantsLive(context.getEnvironment());
    }
  }
}
