package dev.fieldcrypt.hibernate.internal;

import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.sql.SqmTranslator;
import org.hibernate.query.sqm.sql.SqmTranslatorFactory;
import org.hibernate.query.sqm.tree.SqmDmlStatement;
import org.hibernate.query.sqm.tree.select.SqmSelectStatement;
import org.hibernate.sql.ast.spi.SqlAstCreationContext;
import org.hibernate.sql.ast.tree.MutationStatement;
import org.hibernate.sql.ast.tree.select.SelectStatement;

/**
 * The {@code SqmTranslatorFactory} of a SessionFactory with {@code @Encrypted} attributes: its
 * translators rewrite equality on searchable attributes and refuse what cannot work (see {@link
 * SearchQueryTranslator}). Installed by {@link SearchSessionFactoryBuilderFactory}, or named in
 * {@code hibernate.query.sqm.translator}. Finds the searchable attributes of the factory it
 * translates for at each translation (they are registered once the factory is built). Not API.
 */
public final class SearchQueryTranslatorFactory implements SqmTranslatorFactory {
  /** For {@code hibernate.query.sqm.translator}, which names a class. */
  public SearchQueryTranslatorFactory() {}

  private static SearchIndexes indexes(SqlAstCreationContext context) {
    return SearchIndexes.of(context.getSessionFactory()).orElse(null);
  }

  @Override
  public SqmTranslator<SelectStatement> createSelectTranslator(
      SqmSelectStatement<?> statement,
      QueryOptions queryOptions,
      DomainParameterXref domainParameterXref,
      QueryParameterBindings domainParameterBindings,
      LoadQueryInfluencers loadQueryInfluencers,
      SqlAstCreationContext creationContext,
      boolean deduplicateSelectionItems) {
    return new SearchQueryTranslator<>(
        statement,
        queryOptions,
        domainParameterXref,
        domainParameterBindings,
        loadQueryInfluencers,
        creationContext,
        deduplicateSelectionItems,
        indexes(creationContext));
  }

  @Override
  public SqmTranslator<? extends MutationStatement> createMutationTranslator(
      SqmDmlStatement<?> statement,
      QueryOptions queryOptions,
      DomainParameterXref domainParameterXref,
      QueryParameterBindings domainParameterBindings,
      LoadQueryInfluencers loadQueryInfluencers,
      SqlAstCreationContext creationContext) {
    return new SearchQueryTranslator<MutationStatement>(
        statement,
        queryOptions,
        domainParameterXref,
        domainParameterBindings,
        loadQueryInfluencers,
        creationContext,
        false,
        indexes(creationContext));
  }
}
