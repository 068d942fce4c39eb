package dev.fieldcrypt.benchmarks.hibernate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/**
 * The timed operations, the same code for both variants: persist every row in one transaction
 * (flushing and clearing every JDBC batch, as Hibernate's batch-processing guide does) and load
 * every row with one query in a new session. Both check what they did; neither is timed with the
 * table cleanup.
 */
final class Workload {
  private final SessionFactory sessionFactory;
  private final DataSource dataSource;
  private final String tablePrefix;
  private final Dataset data;
  private final int batchSize;

  Workload(
      SessionFactory sessionFactory,
      DataSource dataSource,
      String schema,
      Dataset data,
      int batchSize) {
    this.sessionFactory = sessionFactory;
    this.dataSource = dataSource;
    this.tablePrefix = schema == null ? "" : schema + ".";
    this.data = data;
    this.batchSize = batchSize;
  }

  /** Empties the variant's table; not timed. */
  void truncate(Variant v) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("truncate table " + tablePrefix + v.table);
    }
  }

  /** Nanoseconds to persist every row of the dataset and commit. */
  long persist(Variant v) {
    long start = System.nanoTime();
    try (Session session = sessionFactory.openSession()) {
      Transaction tx = session.beginTransaction();
      for (int i = 0; i < data.rows(); i++) {
        session.persist(v.create(i + 1L, data.otpSecrets[i], data.apiTokens[i]));
        if ((i + 1) % batchSize == 0) {
          session.flush();
          session.clear();
        }
      }
      tx.commit();
    }
    return System.nanoTime() - start;
  }

  /** Nanoseconds to load every row as entities, read both fields, and commit. */
  long load(Variant v) {
    long start = System.nanoTime();
    long sum = 0;
    int count;
    try (Session session = sessionFactory.openSession()) {
      Transaction tx = session.beginTransaction();
      List<? extends SecretRow> rows =
          session
              .createSelectionQuery("from " + v.entity.getSimpleName(), v.entity)
              .getResultList();
      for (SecretRow row : rows) {
        sum += Dataset.checksum(row.id(), row.otpSecret(), row.apiToken());
      }
      count = rows.size();
      tx.commit();
    }
    long elapsed = System.nanoTime() - start;
    if (count != data.rows() || sum != data.checksum) {
      throw new IllegalStateException(
          v.label + " load read " + count + " rows of " + data.rows() + " or wrong values");
    }
    return elapsed;
  }

  /** Nanoseconds to load every row as entities without reading their secret fields, and commit. */
  long loadUnread(Variant v) {
    long start = System.nanoTime();
    long sum = 0;
    int count;
    try (Session session = sessionFactory.openSession()) {
      Transaction tx = session.beginTransaction();
      List<? extends SecretRow> rows =
          session
              .createSelectionQuery("from " + v.entity.getSimpleName(), v.entity)
              .getResultList();
      for (SecretRow row : rows) {
        sum += row.id();
      }
      count = rows.size();
      tx.commit();
    }
    long elapsed = System.nanoTime() - start;
    if (count != data.rows() || sum != (long) data.rows() * (data.rows() + 1) / 2) {
      throw new IllegalStateException(v.label + " load read " + count + " rows of " + data.rows());
    }
    return elapsed;
  }

  /**
   * Checks what the columns hold: plaintext in one table, {@code v1:…} of one length in the others.
   */
  void checkStoredForm() throws SQLException {
    String plain = firstOtpColumn(Variant.PLAIN);
    String encrypted = firstOtpColumn(Variant.ENCRYPTED);
    String jdk = firstOtpColumn(Variant.JDK);
    if (!data.otpSecrets[0].equals(plain)
        || !encrypted.startsWith("v1:")
        || !jdk.startsWith("v1:")
        || encrypted.length() != jdk.length()) {
      throw new IllegalStateException(
          "unexpected stored values: the plain column must hold the plaintext and the encrypted"
              + " columns 'v1:' ciphertexts of the same length");
    }
  }

  private String firstOtpColumn(Variant v) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select otp_secret from " + tablePrefix + v.table + " where id = 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("no row 1 in " + v.table);
      }
      return rs.getString(1);
    }
  }
}
