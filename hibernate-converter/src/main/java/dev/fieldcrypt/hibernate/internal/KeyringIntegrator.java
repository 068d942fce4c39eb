package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.LiveKeyring;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Ties the {@link LiveKeyring} a bootstrap opened (see {@link CipherResolver}) to the
 * SessionFactory it built: registered for {@link LiveKeyring#status()} lookups and closed when the
 * factory closes. Found by Hibernate through {@code META-INF/services}. Not API.
 */
public final class KeyringIntegrator implements Integrator {
  private static final Map<SessionFactory, LiveKeyring> BY_FACTORY = new WeakHashMap<>();

  /** For {@link java.util.ServiceLoader}. */
  public KeyringIntegrator() {}

  /** The live keyring of {@code sessionFactory}, if it has one. */
  public static synchronized Optional<LiveKeyring> liveOf(SessionFactory sessionFactory) {
    return Optional.ofNullable(BY_FACTORY.get(sessionFactory));
  }

  @Override
  public void integrate(
      Metadata metadata, BootstrapContext bootstrap, SessionFactoryImplementor sessionFactory) {
    EncryptedChecks.check(metadata);
    SearchIndexes indexes = SearchIndexes.read(metadata, bootstrap);
    if (indexes != null) {
      SearchIndexes.register(sessionFactory, indexes);
      SearchIndexListener listener = new SearchIndexListener(indexes);
      EventListenerRegistry events =
          sessionFactory.getServiceRegistry().requireService(EventListenerRegistry.class);
      events.appendListeners(EventType.PRE_INSERT, listener);
      events.appendListeners(EventType.PRE_UPDATE, listener);
    }
    LiveKeyring live = CipherResolver.liveOf(bootstrap);
    if (live != null) {
      synchronized (KeyringIntegrator.class) {
        BY_FACTORY.put(sessionFactory, live);
      }
      if (indexes != null) {
        // Translated queries hold one search-index slot per version (plus a spare): a keyring
        // with other versions gets plans translated anew.
        live.subscribe(k -> sessionFactory.getQueryEngine().getInterpretationCache().close());
      }
    }
    if (live != null || indexes != null) {
      sessionFactory.addObserver(new Closer(live));
    }
  }

  /**
   * Nothing to undo here ({@link Closer} does it when the factory closes). Declared because it is
   * abstract in Hibernate 6.6 (a default method from 7.0 on): without it 6.6 fails with {@code
   * AbstractMethodError} when the factory closes.
   */
  @Override
  public void disintegrate(
      SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {}

  /** Closes the live keyring with its factory. */
  private static final class Closer implements SessionFactoryObserver {
    private static final long serialVersionUID = 1L;
    private final transient LiveKeyring live;

    Closer(LiveKeyring live) {
      this.live = live;
    }

    @Override
    public void sessionFactoryClosed(SessionFactory factory) {
      if (live != null) {
        live.close();
      }
      SearchIndexes.unregister(factory);
      synchronized (KeyringIntegrator.class) {
        BY_FACTORY.remove(factory);
      }
    }
  }
}
