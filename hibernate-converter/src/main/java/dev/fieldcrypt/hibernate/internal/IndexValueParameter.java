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
      List<String> all =
          cipher.blindIndexes(plaintext.toString(), indexed.context(), indexed.spec());
      value = all.get(Math.min(slot, all.size() - 1));
    }
    @SuppressWarnings("unchecked")
    ValueBinder<Object> binder = (ValueBinder<Object>) getJdbcMapping().getJdbcValueBinder();
    binder.bind(statement, value, startPosition, executionContext.getSession());
  }
}
