package dev.fieldcrypt.hibernate;

import java.util.Locale;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategy;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;

/** Tables get an "fc_" prefix, camelCase becomes snake_case, as many real strategies do. */
public class PrefixSnakeCaseNaming implements PhysicalNamingStrategy {
  private static Identifier snake(Identifier id, String prefix) {
    if (id == null) {
      return null;
    }
    String s = id.getText().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    return Identifier.toIdentifier(prefix + s, id.isQuoted());
  }

  @Override
  public Identifier toPhysicalCatalogName(Identifier name, JdbcEnvironment env) {
    return name;
  }

  @Override
  public Identifier toPhysicalSchemaName(Identifier name, JdbcEnvironment env) {
    return name;
  }

  @Override
  public Identifier toPhysicalTableName(Identifier name, JdbcEnvironment env) {
    return snake(name, "fc_");
  }

  @Override
  public Identifier toPhysicalSequenceName(Identifier name, JdbcEnvironment env) {
    return name;
  }

  @Override
  public Identifier toPhysicalColumnName(Identifier name, JdbcEnvironment env) {
    return snake(name, "");
  }
}
