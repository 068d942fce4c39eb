package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.FieldCipher;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.HibernateException;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.query.spi.QueryParameterBinding;
import org.hibernate.query.spi.QueryParameterImplementor;
import org.hibernate.sql.exec.internal.AbstractJdbcParameter;
import org.hibernate.sql.exec.spi.ExecutionContext;
import org.hibernate.sql.exec.spi.JdbcParameterBindings;
import org.hibernate.type.descriptor.ValueBinder;

/**
 * One {@code ?} of {@code email_bidx IN (?, ?, …)} written by {@link SearchQueryTranslator}: it has
 * no binding of its own. At bind time it reads the plaintext bound to the query parameter (its
 * domain value, the {@code ordinal}-th of a list parameter) or a literal's value, and binds the
 * index value of slot {@code slot} under the keyring of that moment (the active version first;
 * slots past the keyring's versions repeat the last, harmless in an IN list). So a cached plan
 * never carries a value. (Not the JDBC binding of the parameter's own JDBC parameter: when the same
 * parameter is also assigned to the encrypted attribute, Hibernate types that binding as the
 * converted attribute and it holds a ciphertext.) Not API.
 */
final class IndexValueParameter extends AbstractJdbcParameter {
  private final QueryParameterImplementor<?> parameter;
  private final int ordinal;
  private final Object constant;
  private final int slot;
  private final FieldCipher cipher;
  private final SearchIndexes.Indexed indexed;

  IndexValueParameter(
      JdbcMapping stringType,
      QueryParameterImplementor<?> parameter,
      int ordinal,
      Object constant,
      int slot,
      FieldCipher cipher,
      SearchIndexes.Indexed indexed) {
    super(stringType);
    this.parameter = parameter;
    this.ordinal = ordinal;
    this.constant = constant;
    this.slot = slot;
    this.cipher = cipher;
    this.indexed = indexed;
  }

  /** The values of the last plaintext indexed on this thread: the slots of one value share them. */
  private record Last(
      String plaintext, SearchIndexes.Indexed indexed, Object keyring, List<String> values) {}

  private static final ThreadLocal<Last> LAST = new ThreadLocal<>();

  private List<String> indexValues(String plaintext) {
    Last last = LAST.get();
    Object keyring = cipher.keyring();
    if (last != null
        && last.indexed() == indexed
        && last.keyring() == keyring
        && last.plaintext().equals(plaintext)) {
      return last.values();
    }
    List<String> values = cipher.blindIndexes(plaintext, indexed.context(), indexed.spec());
    LAST.set(new Last(plaintext, indexed, keyring, values));
    return values;
  }

  @Override
  public void bindParameterValue(
      PreparedStatement statement,
      int startPosition,
      JdbcParameterBindings bindings,
      ExecutionContext executionContext)
      throws SQLException {
    Object plaintext = constant;
    if (parameter != null) {
      QueryParameterBinding<?> binding =
          executionContext.getQueryParameterBindings().getBinding(parameter);
      if (binding == null || !binding.isBound()) {
        throw new HibernateException(
            "fieldcrypt: the parameter compared with "
                + indexed.entityName()
                + "."
                + indexed.attribute()
                + " is not bound");
      }
      plaintext =
          binding.isMultiValued()
              ? new ArrayList<>(binding.getBindValues()).get(ordinal)
              : binding.getBindValue();
    }
    String value = null;
    if (plaintext != null) {
      List<String> all = indexValues(plaintext.toString());
      value = all.get(Math.min(slot, all.size() - 1));
    }
    @SuppressWarnings("unchecked")
    ValueBinder<Object> binder = (ValueBinder<Object>) getJdbcMapping().getJdbcValueBinder();
    binder.bind(statement, value, startPosition, executionContext.getSession());
  }
}
