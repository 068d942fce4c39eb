package dev.fieldcrypt.hibernate;

/**
 * Hibernate settings through which {@link Encrypted} attributes get their keys, checked in this
 * order when the SessionFactory is built:
 *
 * <ol>
 *   <li>{@value #CIPHER}: a {@link dev.fieldcrypt.core.FieldCipher}, or {@value #KEYRING}: a {@link
 *       dev.fieldcrypt.core.Keyring} or a {@link dev.fieldcrypt.core.KeySource} object;
 *   <li>{@value #KEYRING_FILE}: the path of a {@code .env.crypto} file (environment variables of
 *       the same names still override it);
 *   <li>neither: {@code .env.crypto} in the working directory plus the environment.
 * </ol>
 *
 * <p>Each SessionFactory reads its own settings; two factories in one JVM never share a keyring by
 * accident. Plain Hibernate:
 *
 * <pre>{@code
 * new StandardServiceRegistryBuilder().applySetting(FieldcryptSettings.KEYRING, keyring) …
 * }</pre>
 *
 * Spring Boot: {@code spring.jpa.properties.fieldcrypt.keyring.file=/run/secrets/env.crypto}, or a
 * {@code HibernatePropertiesCustomizer} bean doing {@code props.put(FieldcryptSettings.KEYRING,
 * keyring)}. JPA: pass the same keys in the properties map of {@code
 * Persistence.createEntityManagerFactory}.
 */
public final class FieldcryptSettings {
  /** A {@link dev.fieldcrypt.core.FieldCipher} instance to use as is. */
  public static final String CIPHER = "fieldcrypt.cipher";

  /** A {@link dev.fieldcrypt.core.Keyring} or {@link dev.fieldcrypt.core.KeySource} instance. */
  public static final String KEYRING = "fieldcrypt.keyring";

  /** Path of the {@code .env.crypto} keyring file. */
  public static final String KEYRING_FILE = "fieldcrypt.keyring.file";

  /** {@code true} to accept a keyring file readable by group or others (default false). */
  public static final String ALLOW_INSECURE_PERMISSIONS =
      "fieldcrypt.keyring.allow-insecure-permissions";

  private FieldcryptSettings() {}
}
