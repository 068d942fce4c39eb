package dev.fieldcrypt.hibernate;

/**
 * Hibernate settings through which {@link Encrypted} attributes get their keys, checked in this
 * order when the SessionFactory is built:
 *
 * <ol>
 *   <li>{@value #CIPHER}: a {@link dev.fieldcrypt.core.FieldCipher}, or {@value #KEYRING}: a {@link
 *       dev.fieldcrypt.core.Keyring} or a {@link dev.fieldcrypt.core.KeySource} object;
 *   <li>{@value #KEYRING_URI}: a key source URI ({@code file:/run/secrets/env.crypto}, {@code
 *       vault:secret/app}, … as {@link dev.fieldcrypt.core.KeySources#open(String)} takes it), held
 *       by a {@link dev.fieldcrypt.core.LiveKeyring}: the keyring is refreshed every {@value
 *       #REFRESH_INTERVAL} and, when a value names a version it lacks, at once (at most every
 *       {@value #ON_DEMAND_MIN_INTERVAL}), so a rotation reaches every instance without a restart;
 *   <li>{@value #KEYRING_FILE}: the path of a {@code .env.crypto} file (environment variables of
 *       the same names still override it), loaded once — or, when {@value #REFRESH_INTERVAL} is
 *       set, held live like a URI;
 *   <li>none: {@code .env.crypto} in the working directory plus the environment, loaded once.
 * </ol>
 *
 * <p>Setting {@value #KEYRING_URI} together with another keyring setting is an error. A live
 * keyring stops refreshing when its SessionFactory closes; {@link LiveKeyrings#of} gives its {@link
 * dev.fieldcrypt.core.LiveKeyring#status() status} for health checks. Durations are written {@code
 * 200ms}, {@code 30s}, {@code 5m}, {@code 1h}, ISO-8601 ({@code PT30S}) or a bare number of
 * milliseconds; {@code 0} turns the timer (or the rate limit) off.
 *
 * <p>Each SessionFactory reads its own settings; two factories in one JVM never share a keyring by
 * accident. Plain Hibernate:
 *
 * <pre>{@code
 * new StandardServiceRegistryBuilder().applySetting(FieldcryptSettings.KEYRING, keyring) …
 * }</pre>
 *
 * Spring Boot: {@code fieldcrypt-spring-boot-starter} with {@code
 * fieldcrypt.keyring.file=/run/secrets/env.crypto} hands Hibernate its {@code FieldCipher} bean as
 * {@value #CIPHER}; without it, {@code spring.jpa.properties.fieldcrypt.keyring.file=…}. JPA: pass
 * the same keys in the properties map of {@code Persistence.createEntityManagerFactory}.
 */
public final class FieldcryptSettings {
  /** A {@link dev.fieldcrypt.core.FieldCipher} instance to use as is. */
  public static final String CIPHER = "fieldcrypt.cipher";

  /** A {@link dev.fieldcrypt.core.Keyring} or {@link dev.fieldcrypt.core.KeySource} instance. */
  public static final String KEYRING = "fieldcrypt.keyring";

  /** Path of the {@code .env.crypto} keyring file. */
  public static final String KEYRING_FILE = "fieldcrypt.keyring.file";

  /**
   * The key source URI of a live keyring ({@code file:PATH}, {@code encrypted-file:PATH}, {@code
   * vault:PATH}, …). Not combinable with {@value #CIPHER}, {@value #KEYRING} or {@value
   * #KEYRING_FILE}.
   */
  public static final String KEYRING_URI = "fieldcrypt.keyring.uri";

  /**
   * How often a live keyring reloads its source: default {@code 60s} for {@value #KEYRING_URI},
   * {@code 0} for no timer (on-demand refreshes only). Set with {@value #KEYRING_FILE} or a {@link
   * dev.fieldcrypt.core.KeySource} in {@value #KEYRING}, it makes that keyring live too.
   */
  public static final String REFRESH_INTERVAL = "fieldcrypt.keyring.refresh-interval";

  /**
   * The least time between two on-demand refreshes, which a value under an unknown version triggers
   * (default {@code 5s}).
   */
  public static final String ON_DEMAND_MIN_INTERVAL = "fieldcrypt.keyring.on-demand-min-interval";

  /**
   * {@code false} leaves HQL, JPQL and Criteria queries as Hibernate translates them: equality on a
   * searchable attribute is then not rewritten to its search index, and queries that cannot work on
   * an encrypted attribute (equality without an index, {@code like}, ordering) are not refused.
   * Default {@code true}. {@link EncryptedSearch} works either way.
   */
  public static final String QUERY_REWRITE = "fieldcrypt.query-rewrite";

  /** {@code true} to accept a keyring file readable by group or others (default false). */
  public static final String ALLOW_INSECURE_PERMISSIONS =
      "fieldcrypt.keyring.allow-insecure-permissions";

  private FieldcryptSettings() {}
}
