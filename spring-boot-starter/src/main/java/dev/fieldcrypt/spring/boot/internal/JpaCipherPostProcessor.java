package dev.fieldcrypt.spring.boot.internal;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.hibernate.FieldcryptSettings;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Puts the application's {@link FieldCipher} bean into every {@link
 * LocalContainerEntityManagerFactoryBean}'s JPA properties as {@value FieldcryptSettings#CIPHER},
 * before the factory is built. The string keyring settings under {@code spring.jpa.properties} are
 * removed there, since the cipher bean was made from them (see {@link KeyringSettings}); a {@code
 * fieldcrypt.cipher} or {@code fieldcrypt.keyring} object the application put there itself is left
 * alone, with a warning that Hibernate and the jobs then use two keyrings.
 *
 * <p>The cipher is looked up lazily, so this post-processor does not create it (or its data source
 * dependencies) before the other post-processors are registered.
 */
public final class JpaCipherPostProcessor implements BeanPostProcessor {
  private static final Logger log = LoggerFactory.getLogger(JpaCipherPostProcessor.class);

  private static final List<String> STRING_SETTINGS =
      List.of(
          FieldcryptSettings.KEYRING_FILE,
          FieldcryptSettings.KEYRING_URI,
          FieldcryptSettings.REFRESH_INTERVAL,
          FieldcryptSettings.ON_DEMAND_MIN_INTERVAL,
          FieldcryptSettings.ALLOW_INSECURE_PERMISSIONS);

  private final ObjectProvider<FieldCipher> cipher;

  public JpaCipherPostProcessor(ObjectProvider<FieldCipher> cipher) {
    this.cipher = cipher;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof LocalContainerEntityManagerFactoryBean factory) {
      Map<String, Object> properties = factory.getJpaPropertyMap();
      for (String own : List.of(FieldcryptSettings.CIPHER, FieldcryptSettings.KEYRING)) {
        if (properties.get(own) != null) {
          log.warn(
              "EntityManagerFactory '{}' already has the Hibernate setting '{}': it keeps it, so"
                  + " Hibernate and the fieldcrypt FieldCipher bean (used by the re-encryption"
                  + " jobs) may hold different keyrings. Define a FieldCipher bean instead.",
              beanName,
              own);
          return bean;
        }
      }
      FieldCipher c = cipher.getIfUnique();
      if (c != null) {
        STRING_SETTINGS.forEach(properties::remove);
        properties.put(FieldcryptSettings.CIPHER, c);
      }
    }
    return bean;
  }
}
