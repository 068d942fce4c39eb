package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.LiveKeyring;
import dev.fieldcrypt.hibernate.internal.KeyringIntegrator;
import java.util.Optional;
import org.hibernate.SessionFactory;

/**
 * The {@link LiveKeyring} behind a SessionFactory's {@link Encrypted} attributes, when its settings
 * made one ({@link FieldcryptSettings#KEYRING_URI}, or a refresh interval): for health checks
 * ({@link LiveKeyring#status()}) and for operators who want to refresh at once. The holder closes
 * with its SessionFactory.
 *
 * <pre>{@code
 * LiveKeyrings.of(sessionFactory).ifPresent(k -> health.report(k.status().stale()));
 * }</pre>
 */
public final class LiveKeyrings {
  private LiveKeyrings() {}

  /** The live keyring of {@code sessionFactory}, or empty when its keyring is loaded once. */
  public static Optional<LiveKeyring> of(SessionFactory sessionFactory) {
    return KeyringIntegrator.liveOf(sessionFactory);
  }
}
