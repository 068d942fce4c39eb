package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.hibernate.EncryptedBytesConverter;
import dev.fieldcrypt.hibernate.EncryptedSecretStringConverter;
import dev.fieldcrypt.hibernate.EncryptedStringConverter;
import dev.fieldcrypt.hibernate.EncryptedValueConverter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.hibernate.engine.spi.LoadQueryInfluencers;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.mapping.MappingModelExpressible;
import org.hibernate.query.SemanticException;
import org.hibernate.query.spi.QueryOptions;
import org.hibernate.query.spi.QueryParameterBindings;
import org.hibernate.query.spi.QueryParameterImplementor;
import org.hibernate.query.sqm.ComparisonOperator;
import org.hibernate.query.sqm.internal.DomainParameterXref;
import org.hibernate.query.sqm.sql.internal.StandardSqmTranslator;
import org.hibernate.query.sqm.tree.SqmStatement;
import org.hibernate.query.sqm.tree.domain.SqmBasicValuedSimplePath;
import org.hibernate.query.sqm.tree.domain.SqmPath;
import org.hibernate.query.sqm.tree.expression.SqmExpression;
import org.hibernate.query.sqm.tree.expression.SqmLiteral;
import org.hibernate.query.sqm.tree.expression.SqmParameter;
import org.hibernate.query.sqm.tree.predicate.SqmComparisonPredicate;
import org.hibernate.query.sqm.tree.predicate.SqmInListPredicate;
import org.hibernate.query.sqm.tree.predicate.SqmNullnessPredicate;
import org.hibernate.sql.ast.Clause;
import org.hibernate.sql.ast.SqlAstWalker;
import org.hibernate.sql.ast.spi.SqlAstCreationContext;
import org.hibernate.sql.ast.tree.Statement;
import org.hibernate.sql.ast.tree.expression.ColumnReference;
import org.hibernate.sql.ast.tree.expression.Expression;
import org.hibernate.sql.ast.tree.expression.JdbcParameter;
import org.hibernate.sql.ast.tree.predicate.ComparisonPredicate;
import org.hibernate.sql.ast.tree.predicate.InListPredicate;
import org.hibernate.sql.ast.tree.predicate.NullnessPredicate;
import org.hibernate.sql.ast.tree.predicate.Predicate;
import org.hibernate.type.BasicType;
import org.hibernate.type.descriptor.converter.spi.JpaAttributeConverter;

/**
 * The SQM → SQL AST translator of a SessionFactory with searchable attributes (see {@link
 * SearchQueryTranslatorFactory}): HQL, JPQL and Criteria equality on an encrypted attribute become
 * lookups in its blind index.
 *
 * <ul>
 *   <li>{@code enc = :x}, {@code enc <> :x} (either side, parameter or literal) become {@code
 *       enc_bidx [NOT] IN (?1, …, ?N)}, one {@link IndexValueParameter} per slot (the keyring's
 *       versions plus one spare, so a rotation needs no new plan), all fed at bind time from the
 *       one query parameter: a cached plan holds no value;
 *   <li>{@code enc [NOT] IN (:list | :a, 'b', …)} becomes {@code enc_bidx [NOT] IN (…)} with N
 *       placeholders per value;
 *   <li>{@code enc IS [NOT] NULL} is left alone;
 *   <li>everything else on an encrypted attribute in WHERE / HAVING / ON / GROUP BY / ORDER BY
 *       ({@code like}, {@code <}, {@code lower(enc)}, …), {@code =} on one without an index, and
 *       {@code =} through a truncated index (whose false positives a query cannot drop) fails with
 *       a {@link SemanticException} naming the attribute and the fix — never a silent empty result.
 * </ul>
 *
 * <p>Built on Hibernate's {@code StandardSqmTranslator}; the same code runs on 6.6 and 7.0–7.4. Not
 * API.
 */
final class SearchQueryTranslator<T extends Statement> extends StandardSqmTranslator<T> {
  private static final Set<Clause> GUARDED =
      EnumSet.of(Clause.WHERE, Clause.HAVING, Clause.FROM, Clause.GROUP, Clause.ORDER);

  private final SearchIndexes indexes;
  private final DomainParameterXref parameters;

  /** Collects the query parameters (one per list expansion) being rewritten; null otherwise. */
  private List<QueryParameterImplementor<?>> capture;

  /** >0 while a path to an encrypted attribute is translated on purpose. */
  private int allowEncrypted;

  SearchQueryTranslator(
      SqmStatement<?> statement,
      QueryOptions queryOptions,
      DomainParameterXref domainParameterXref,
      QueryParameterBindings domainParameterBindings,
      LoadQueryInfluencers loadQueryInfluencers,
      SqlAstCreationContext creationContext,
      boolean deduplicateSelectionItems,
      SearchIndexes indexes) {
    super(
        statement,
        queryOptions,
        domainParameterXref,
        domainParameterBindings,
        loadQueryInfluencers,
        creationContext,
        deduplicateSelectionItems);
    this.indexes = indexes;
    this.parameters = domainParameterXref;
  }

  /**
   * An encrypted attribute met in a query: where it lives (for messages), its searchable definition
   * (null when it has no index) and its index column.
   */
  private record EncryptedColumn(String where, SearchIndexes.Indexed indexed, String indexColumn) {}

  private EncryptedColumn encrypted(SqmExpression<?> expression) {
    if (!(expression instanceof SqmPath<?> path)) {
      return null;
    }
    MappingModelExpressible<?> mapping = determineValueMapping(path);
    if (!(mapping instanceof BasicValuedModelPart part)
        || !(part.getJdbcMapping().getValueConverter() instanceof JpaAttributeConverter<?, ?> c)) {
      return null;
    }
    Class<?> converter = c.getConverterJavaType().getJavaTypeClass();
    if (converter != EncryptedStringConverter.class
        && converter != EncryptedBytesConverter.class
        && converter != EncryptedSecretStringConverter.class
        && !EncryptedValueConverter.class.isAssignableFrom(converter)) {
      return null;
    }
    String where = part.getContainingTableExpression() + "." + part.getSelectionExpression();
    if (!(part instanceof AttributeMapping attribute)) {
      return new EncryptedColumn(where, null, null);
    }
    EntityMappingType entity = attribute.findContainingEntityMapping();
    SearchIndexes.Indexed indexed =
        indexes == null
            ? null
            : indexes.find(entity.getEntityName(), attribute.getAttributeName()).orElse(null);
    if (indexed == null) {
      return new EncryptedColumn(where, null, null);
    }
    AttributeMapping index = entity.findAttributeMapping(indexed.indexAttribute());
    String indexColumn =
        index instanceof BasicValuedModelPart ip
            ? ip.getSelectionExpression()
            : indexed.indexColumn();
    return new EncryptedColumn(where, indexed, indexColumn);
  }

  private static SemanticException notSearchable(EncryptedColumn column, String what) {
    String attr =
        column.indexed() == null
            ? null
            : column.indexed().entityName() + "." + column.indexed().attribute();
    return new SemanticException(
        "fieldcrypt: "
            + what
            + " on the encrypted column "
            + column.where()
            + (column.indexed() == null
                ? ", which has no search index: it would never match (each encryption is"
                    + " randomized). Add a String attribute @SearchIndex(of = \"…\") for it (see"
                    + " docs/searchable-fields.md), or query by another attribute."
                : " ("
                    + attr
                    + "): only =, <>, [not] in and is [not] null can be searched"
                    + " through its search index; no like, ranges, functions or ordering."));
  }

  private static SemanticException truncated(EncryptedColumn column) {
    SearchIndexes.Indexed i = column.indexed();
    return new SemanticException(
        "fieldcrypt: "
            + i.entityName()
            + "."
            + i.attribute()
            + " has a truncated search index ("
            + i.spec().bits()
            + " bits), whose coincidences a query cannot drop: use EncryptedSearch.find(session, "
            + "…, \""
            + i.attribute()
            + "\", value), which removes them, or an exact index (bits = 256).");
  }

  private BasicType<String> stringType() {
    return getTypeConfiguration().getBasicTypeForJavaType(String.class);
  }

  private BasicType<Boolean> booleanType() {
    return getTypeConfiguration().getBasicTypeForJavaType(Boolean.class);
  }

  @Override
  public ComparisonPredicate visitComparisonPredicate(SqmComparisonPredicate predicate) {
    SqmExpression<?> path = predicate.getLeftHandExpression();
    SqmExpression<?> value = predicate.getRightHandExpression();
    EncryptedColumn column = encrypted(path);
    if (column == null) {
      column = encrypted(value);
      SqmExpression<?> swap = path;
      path = value;
      value = swap;
    }
    if (column == null) {
      return super.visitComparisonPredicate(predicate);
    }
    ComparisonOperator operator =
        predicate.isNegated() ? predicate.getSqmOperator().negated() : predicate.getSqmOperator();
    if (column.indexed() == null
        || (operator != ComparisonOperator.EQUAL && operator != ComparisonOperator.NOT_EQUAL)) {
      throw notSearchable(column, "'" + operator.sqlText() + "'");
    }
    if (!column.indexed().spec().isExact()) {
      throw truncated(column);
    }
    ColumnReference indexColumn = indexColumnOf(path, column);
    List<Expression> values = indexValues(column, value);
    InListPredicate in =
        new InListPredicate(
            indexColumn, values, operator == ComparisonOperator.NOT_EQUAL, booleanType());
    return new Rewritten(in, indexColumn, operator, values.get(0), booleanType());
  }

  @Override
  public Predicate visitInListPredicate(SqmInListPredicate<?> predicate) {
    EncryptedColumn column = encrypted(predicate.getTestExpression());
    if (column == null) {
      return super.visitInListPredicate(predicate);
    }
    if (column.indexed() == null) {
      throw notSearchable(column, "'in'");
    }
    if (!column.indexed().spec().isExact()) {
      throw truncated(column);
    }
    ColumnReference indexColumn = indexColumnOf(predicate.getTestExpression(), column);
    List<Expression> values = new ArrayList<>();
    for (SqmExpression<?> item : predicate.getListExpressions()) {
      values.addAll(indexValues(column, item));
    }
    return new InListPredicate(indexColumn, values, predicate.isNegated(), booleanType());
  }

  @Override
  public NullnessPredicate visitIsNullPredicate(SqmNullnessPredicate predicate) {
    allowEncrypted++;
    try {
      return super.visitIsNullPredicate(predicate);
    } finally {
      allowEncrypted--;
    }
  }

  @Override
  public Expression visitBasicValuedPath(SqmBasicValuedSimplePath<?> path) {
    if (allowEncrypted == 0 && GUARDED.contains(getCurrentClauseStack().getCurrent())) {
      EncryptedColumn column = encrypted(path);
      if (column != null) {
        throw notSearchable(column, "this use");
      }
    }
    return super.visitBasicValuedPath(path);
  }

  /** The index column, qualified like the encrypted column's (same table alias). */
  private ColumnReference indexColumnOf(SqmExpression<?> path, EncryptedColumn column) {
    allowEncrypted++;
    try {
      ColumnReference encryptedColumn = ((Expression) path.accept(this)).getColumnReference();
      return new ColumnReference(
          encryptedColumn.getQualifier(), column.indexColumn(), false, null, stringType());
    } finally {
      allowEncrypted--;
    }
  }

  /** N placeholders (one per search-key version of now) per value of {@code value}. */
  private List<Expression> indexValues(EncryptedColumn column, SqmExpression<?> value) {
    List<QueryParameterImplementor<?>> sources = new ArrayList<>();
    List<Object> constants = new ArrayList<>();
    if (value instanceof SqmLiteral<?> literal) {
      sources.add(null);
      constants.add(literal.getLiteralValue());
    } else if (value instanceof SqmParameter<?>) {
      // HQL :x / ?1, Criteria ParameterExpression and cb.equal(path, value) (a value-bind
      // parameter)
      capture = sources;
      try {
        value.accept(this);
      } finally {
        capture = null;
      }
      sources.forEach(s -> constants.add(null));
    } else {
      throw notSearchable(column, "comparing with an expression other than a parameter or literal");
    }
    int slots = indexes.cipher().keyring().versions().size() + 1; // one spare: a rotation fits
    List<Expression> values = new ArrayList<>(sources.size() * slots);
    for (int i = 0; i < sources.size(); i++) {
      for (int slot = 0; slot < slots; slot++) {
        values.add(
            new IndexValueParameter(
                stringType(),
                sources.get(i),
                i,
                constants.get(i),
                slot,
                indexes.cipher(),
                column.indexed()));
      }
    }
    return values;
  }

  /**
   * While a rewritten value is captured: records its query parameter (once per list expansion, in
   * bind-value order), and types it as a plain String rather than the encrypted attribute, so that
   * its own JDBC parameter (consumed for Hibernate's bookkeeping, never rendered) is not encrypted
   * for nothing.
   */
  @Override
  protected Expression consumeSqmParameter(
      SqmParameter<?> sqmParameter,
      MappingModelExpressible<?> valueMapping,
      BiConsumer<Integer, JdbcParameter> jdbcParameterConsumer) {
    List<QueryParameterImplementor<?>> sink = capture;
    if (sink == null) {
      return super.consumeSqmParameter(sqmParameter, valueMapping, jdbcParameterConsumer);
    }
    capture = null;
    try {
      sink.add(parameters.getQueryParameter(sqmParameter));
      return super.consumeSqmParameter(sqmParameter, stringType(), jdbcParameterConsumer);
    } finally {
      capture = sink;
    }
  }

  /**
   * visitComparisonPredicate must return a ComparisonPredicate: this one renders (and walks) as its
   * IN list, and reads as "index = first value" to code that inspects its operands.
   */
  static final class Rewritten extends ComparisonPredicate {
    private final InListPredicate in;

    Rewritten(
        InListPredicate in,
        Expression indexColumn,
        ComparisonOperator operator,
        Expression first,
        BasicType<Boolean> booleanType) {
      super(indexColumn, operator, first, booleanType);
      this.in = in;
    }

    @Override
    public void accept(SqlAstWalker walker) {
      in.accept(walker);
    }
  }
}
