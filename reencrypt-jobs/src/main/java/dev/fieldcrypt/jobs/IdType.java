package dev.fieldcrypt.jobs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/**
 * The supported primary-key types and how a cursor of each is stored as text and bound back, so
 * that {@code WHERE id > ?} compares in the column's own order. Not API.
 */
enum IdType {
  LONG,
  UUID,
  STRING;

  /**
   * The type of the id column {@code table.idColumn}, from the metadata of a query whose first
   * column it is (the query itself is {@link TargetTable}'s).
   */
  static IdType of(ResultSetMetaData md, String table, String idColumn) throws SQLException {
    int type = md.getColumnType(1);
    String name = md.getColumnTypeName(1).toLowerCase(Locale.ROOT);
    switch (type) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT:
        return LONG;
      case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGVARCHAR:
        return STRING;
      default:
        if (name.contains("uuid")) {
          return UUID;
        }
        if ((type == Types.NUMERIC || type == Types.DECIMAL) && md.getScale(1) == 0) {
          if (md.getPrecision(1) > 0 && md.getPrecision(1) <= 18) {
            return LONG;
          }
          throw new ReencryptJobException(
              "id column "
                  + table
                  + "."
                  + idColumn
                  + " has type "
                  + md.getColumnTypeName(1)
                  + "("
                  + md.getPrecision(1)
                  + ",0), which can hold ids past a 64-bit integer; re-encryption jobs page"
                  + " through integer, bigint (or numeric up to 18 digits), uuid or text keys.");
        }
        throw new ReencryptJobException(
            "id column "
                + table
                + "."
                + idColumn
                + " has type "
                + md.getColumnTypeName(1)
                + "; re-encryption jobs page through integer, bigint, uuid or text keys only.");
    }
  }

  /** Reads the id in column {@code i}. */
  public Object read(ResultSet rs, int i) throws SQLException {
    return switch (this) {
      case LONG -> rs.getLong(i);
      case UUID -> rs.getObject(i, java.util.UUID.class);
      case STRING -> rs.getString(i);
    };
  }

  /** Binds an id read by {@link #read} or parsed by {@link #fromText}. */
  public void bind(PreparedStatement ps, int i, Object id) throws SQLException {
    switch (this) {
      case LONG -> ps.setLong(i, (Long) id);
      case UUID -> ps.setObject(i, id);
      case STRING -> ps.setString(i, (String) id);
    }
  }

  public String toText(Object id) {
    return id == null ? null : id.toString();
  }

  public Object fromText(String text) {
    if (text == null) {
      return null;
    }
    return switch (this) {
      case LONG -> Long.parseLong(text);
      case UUID -> java.util.UUID.fromString(text);
      case STRING -> text;
    };
  }

  /** Stored in {@code reencrypt_jobs.id_type}. */
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IdType fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
