package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.hibernate.FieldcryptSettings;
import org.hibernate.SessionFactory;
import org.hibernate.boot.SessionFactoryBuilder;
import org.hibernate.boot.internal.MetadataImpl;
import org.hibernate.boot.spi.AbstractDelegatingSessionFactoryBuilderImplementor;
import org.hibernate.boot.spi.AbstractDelegatingSessionFactoryOptions;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.boot.spi.MetadataImplementor;
import org.hibernate.boot.spi.SessionFactoryBuilderFactory;
import org.hibernate.boot.spi.SessionFactoryBuilderImplementor;
import org.hibernate.boot.spi.SessionFactoryOptions;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.internal.SessionFactoryImpl;
import org.hibernate.query.sqm.sql.SqmTranslatorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs {@link SearchQueryTranslatorFactory} in every SessionFactory whose model has {@code
 * Encrypted} attributes, so that HQL, JPQL, Criteria and Spring Data equality on them is rewritten
 * or refused without any setting. Found by Hibernate through {@code META-INF/services}; a model
 * without encrypted attributes, an application with its own {@code hibernate.query.sqm.translator}
 * (warned about: equality is then neither rewritten nor guarded), or {@value
 * FieldcryptSettings#QUERY_REWRITE}{@code =false} leave Hibernate's builder as it is. Not API.
 */
public final class SearchSessionFactoryBuilderFactory implements SessionFactoryBuilderFactory {
  private static final Logger log =
      LoggerFactory.getLogger(SearchSessionFactoryBuilderFactory.class);

  /** For {@link java.util.ServiceLoader}. */
  public SearchSessionFactoryBuilderFactory() {}

  @Override
  public SessionFactoryBuilder getSessionFactoryBuilder(
      MetadataImplementor metadata, SessionFactoryBuilderImplementor defaultBuilder) {
    if (!(metadata instanceof MetadataImpl impl)) {
      log.warn(
          "fieldcrypt cannot install its query translator on this Hibernate metadata ({}):"
              + " HQL/Criteria equality on encrypted attributes is neither rewritten nor guarded",
          metadata.getClass().getName());
      return null;
    }
    BootstrapContext bootstrap = impl.getBootstrapContext();
    if (CipherResolver.cipherOf(bootstrap) == null) {
      return null; // no @Encrypted attribute bound: nothing to rewrite or guard
    }
    Object enabled =
        metadata
            .getMetadataBuildingOptions()
            .getServiceRegistry()
            .requireService(ConfigurationService.class)
            .getSettings()
            .get(FieldcryptSettings.QUERY_REWRITE);
    if (enabled != null && "false".equalsIgnoreCase(enabled.toString().trim())) {
      return null;
    }
    return new Builder(metadata, bootstrap, defaultBuilder);
  }

  private static final class Builder
      extends AbstractDelegatingSessionFactoryBuilderImplementor<Builder> {
    private final MetadataImplementor metadata;
    private final BootstrapContext bootstrap;

    Builder(
        MetadataImplementor metadata,
        BootstrapContext bootstrap,
        SessionFactoryBuilderImplementor delegate) {
      super(delegate);
      this.metadata = metadata;
      this.bootstrap = bootstrap;
    }

    @Override
    protected Builder getThis() {
      return this;
    }

    @Override
    public SessionFactoryOptions buildSessionFactoryOptions() {
      SessionFactoryOptions options = super.buildSessionFactoryOptions();
      SqmTranslatorFactory own = options.getCustomSqmTranslatorFactory();
      if (own != null) {
        if (!(own instanceof SearchQueryTranslatorFactory)) {
          log.warn(
              "hibernate.query.sqm.translator is set ({}): fieldcrypt does not rewrite or guard"
                  + " HQL/Criteria equality on encrypted attributes; EncryptedSearch still works",
              own.getClass().getName());
        }
        return options;
      }
      SqmTranslatorFactory search = new SearchQueryTranslatorFactory();
      return new AbstractDelegatingSessionFactoryOptions(options) {
        @Override
        public SqmTranslatorFactory getCustomSqmTranslatorFactory() {
          return search;
        }
      };
    }

    @Override
    public SessionFactory build() {
      return new SessionFactoryImpl(metadata, buildSessionFactoryOptions(), bootstrap);
    }
  }
}
