package dev.fieldcrypt.benchmarks.search;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.Normalization;
import dev.fieldcrypt.hibernate.EncryptedSearch;
import dev.fieldcrypt.hibernate.FieldcryptSettings;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.postgresql.PGConnection;

/**
 * Equality lookups by a searchable encrypted e-mail (HQL {@code where u.email = :e}, rewritten to
 * its index) against the same lookups by a plaintext e-mail with a B-tree index — in a plaintext
 * table, and in a plaintext column of the searchable table itself (same rows, same cache: what the
 * search costs, without what encryption costs) — through Hibernate on the local PostgreSQL, on
 * tables of {@code --rows} rows each; and the insert cost of maintaining the index (entities with
 * {@code @SearchIndex} against the same entity without it). Rounds of each side alternate, so that
 * load from other processes hits both alike; the median of the per-round ratios is printed, with
 * both query plans.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.fieldcrypt.benchmarks.search.SearchLookupBenchmark \
 *     [--rows 1000000] [--lookups 500] [--rounds 21] [--insert-rows 2000] [--versions 1|2] [--jdbc-url URL]
 * </pre>
 *
 * With {@code --versions 2} the keyring holds v1 and v2 (a rotation under way) and half the rows
 * are under each: every lookup matches two index values.
 */
public final class SearchLookupBenchmark {
  private static final String CONTEXT = "bench_search_users.email";
  private static final BlindIndex SPEC =
      BlindIndex.exact(Normalization.NFC, Normalization.TRIM, Normalization.LOWERCASE);

  private SearchLookupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = intArg(args, "--rows", 1_000_000);
    int lookups = intArg(args, "--lookups", 500);
    int rounds = intArg(args, "--rounds", 21);
    int insertRows = intArg(args, "--insert-rows", 2000);
    int versions = intArg(args, "--versions", 1);
    String url = stringArg(args, "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/test");
    String user = System.getenv().getOrDefault("PGUSER", "postgres");
    String password = System.getenv().getOrDefault("PGPASSWORD", "");

    KeyVersion v1 = KeyVersion.generate("v1");
    KeyVersion v2 = KeyVersion.generate("v2");
    Keyring keyring =
        versions == 2 ? Keyring.of("v2", List.of(v1, v2)) : Keyring.of("v1", List.of(v1));
    FieldCipher cipher = FieldCipher.create(keyring);
    FieldCipher onV1 = cipher.withActiveVersion("v1");

    try (SessionFactory sf = factory(url, user, password, cipher)) {
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        long t0 = System.nanoTime();
        seed(c, rows, versions == 2 ? onV1 : cipher, cipher);
        System.out.printf(
            Locale.ROOT,
            "seeded 4 x %,d rows in %.1f s (%d key version(s))%n",
            rows,
            (System.nanoTime() - t0) / 1e9,
            versions);
        plan(
            c,
            "plain",
            "EXPLAIN SELECT * FROM bench_plain_users WHERE email = 'user-42@example.com'");
        List<String> idx = cipher.blindIndexes("user-42@example.com", CONTEXT, SPEC);
        plan(
            c,
            "search",
            "EXPLAIN SELECT * FROM bench_search_users WHERE email_bidx IN ('"
                + String.join("','", idx)
                + "')");
      }
      lookups(sf, rows, lookups, rounds);
      inserts(sf, rows, insertRows, rounds);
    }
  }

  private static SessionFactory factory(
      String url, String user, String password, FieldCipher cipher) {
    var registry =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.url", url)
            .applySetting("hibernate.connection.username", user)
            .applySetting("hibernate.connection.password", password)
            .applySetting("hibernate.connection.pool_size", "2")
            .applySetting("hibernate.hbm2ddl.auto", "create")
            .applySetting("hibernate.jdbc.batch_size", "50")
            .applySetting(FieldcryptSettings.CIPHER, cipher)
            .build();
    return new MetadataSources(registry)
        .addAnnotatedClass(PlainUser.class)
        .addAnnotatedClass(SearchUser.class)
        .addAnnotatedClass(EncryptedUser.class)
        .addAnnotatedClass(IndexedUser.class)
        .buildMetadata()
        .buildSessionFactory();
  }

  /** COPY both tables; with two versions, even ids are written under v1 (not yet re-encrypted). */
  private static void seed(Connection c, int rows, FieldCipher old, FieldCipher current)
      throws SQLException, IOException {
    var copy = c.unwrap(PGConnection.class).getCopyAPI();
    StringBuilder plain = new StringBuilder();
    StringBuilder search = new StringBuilder();
    StringBuilder encrypted = new StringBuilder();
    StringBuilder indexed = new StringBuilder();
    int chunk = 50_000;
    for (int from = 1; from <= rows; from += chunk) {
      plain.setLength(0);
      search.setLength(0);
      encrypted.setLength(0);
      indexed.setLength(0);
      for (int id = from; id < from + chunk && id <= rows; id++) {
        String email = email(id);
        plain.append(id).append('\t').append(email).append('\n');
        FieldCipher w = id % 2 == 0 ? old : current;
        search
            .append(id)
            .append('\t')
            .append(w.encrypt(email, CONTEXT))
            .append('\t')
            .append(w.blindIndex(email, CONTEXT, SPEC))
            .append('\t')
            .append(email)
            .append('\n');
        encrypted
            .append(id)
            .append('\t')
            .append(w.encrypt(email, "bench_encrypted_users.email"))
            .append('\n');
        indexed
            .append(id)
            .append('\t')
            .append(w.encrypt(email, "bench_indexed_users.email"))
            .append('\t')
            .append(w.blindIndex(email, "bench_indexed_users.email", SPEC))
            .append('\n');
      }
      copy.copyIn(
          "COPY bench_encrypted_users (id, email) FROM STDIN",
          new StringReader(encrypted.toString()));
      copy.copyIn(
          "COPY bench_indexed_users (id, email, email_bidx) FROM STDIN",
          new StringReader(indexed.toString()));
      copy.copyIn(
          "COPY bench_plain_users (id, email) FROM STDIN", new StringReader(plain.toString()));
      copy.copyIn(
          "COPY bench_search_users (id, email, email_bidx, email_plain) FROM STDIN",
          new StringReader(search.toString()));
    }
    try (Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE bench_plain_users");
      s.execute("VACUUM ANALYZE bench_search_users");
      s.execute("VACUUM ANALYZE bench_encrypted_users");
      s.execute("VACUUM ANALYZE bench_indexed_users");
    }
  }

  private static String email(long id) {
    return "user-" + id + "@example.com";
  }

  private static void plan(Connection c, String what, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        System.out.println("plan " + what + ": " + rs.getString(1));
      }
    }
  }

  private static void lookups(SessionFactory sf, int rows, int lookups, int rounds) {
    SplittableRandom random = new SplittableRandom(42);
    double[] plainNs = new double[rounds];
    double[] twinNs = new double[rounds];
    double[] searchNs = new double[rounds];
    double[] ratio = new double[rounds];
    double[] twinRatio = new double[rounds];
    for (int r = -3; r < rounds; r++) { // three warm-up rounds
      long[] ids = random.longs(lookups, 1, rows + 1L).toArray();
      // rotate the order of the three sides, so that none always follows another
      long[] t = new long[3];
      for (int k = 0; k < 3; k++) {
        int side = Math.floorMod(r + k, 3);
        t[side] =
            side == 0 ? plainRound(sf, ids) : side == 1 ? twinRound(sf, ids) : searchRound(sf, ids);
      }
      if (r >= 0) {
        plainNs[r] = (double) t[0] / lookups;
        twinNs[r] = (double) t[1] / lookups;
        searchNs[r] = (double) t[2] / lookups;
        ratio[r] = searchNs[r] / plainNs[r];
        twinRatio[r] = searchNs[r] / twinNs[r];
      }
    }
    long misses = missing(sf, rows, random);
    System.out.printf(
        Locale.ROOT,
        "lookup (medians of %d rounds of %d lookups): plaintext table %.1f µs, plaintext column of"
            + " the searchable table %.1f µs, searchable encrypted %.1f µs; median ratio"
            + " encrypted/plaintext table %.3f (of the medians %.3f), encrypted/plaintext column of"
            + " the same table %.3f (of the medians %.3f); misses %d%n",
        rounds,
        lookups,
        median(plainNs) / 1e3,
        median(twinNs) / 1e3,
        median(searchNs) / 1e3,
        median(ratio),
        median(searchNs) / median(plainNs),
        median(twinRatio),
        median(searchNs) / median(twinNs),
        misses);
  }

  private static long twinRound(SessionFactory sf, long[] ids) {
    long t0 = System.nanoTime();
    for (long id : ids) {
      try (Session s = sf.openSession()) {
        List<SearchUser> found =
            s.createQuery("from SearchUser u where u.emailPlain = :e", SearchUser.class)
                .setParameter("e", email(id))
                .getResultList();
        check(found.size(), id);
      }
    }
    return System.nanoTime() - t0;
  }

  private static long plainRound(SessionFactory sf, long[] ids) {
    long t0 = System.nanoTime();
    for (long id : ids) {
      try (Session s = sf.openSession()) {
        List<PlainUser> found =
            s.createQuery("from PlainUser u where u.email = :e", PlainUser.class)
                .setParameter("e", email(id))
                .getResultList();
        check(found.size(), id);
      }
    }
    return System.nanoTime() - t0;
  }

  private static long searchRound(SessionFactory sf, long[] ids) {
    long t0 = System.nanoTime();
    for (long id : ids) {
      try (Session s = sf.openSession()) {
        // what an application writes (and Spring Data's findByEmail): rewritten to the index
        List<SearchUser> found =
            s.createQuery("from SearchUser u where u.email = :e", SearchUser.class)
                .setParameter("e", email(id))
                .getResultList();
        check(found.size(), id);
      }
    }
    return System.nanoTime() - t0;
  }

  private static void check(int found, long id) {
    if (found != 1) {
      throw new IllegalStateException("lookup of row " + id + " found " + found + " rows");
    }
  }

  /** Lookups of random known values, counted: each must find exactly its row. */
  private static long missing(SessionFactory sf, int rows, SplittableRandom random) {
    long misses = 0;
    try (Session s = sf.openSession()) {
      for (int i = 0; i < 1000; i++) {
        long id = random.nextLong(1, rows + 1L);
        List<SearchUser> found =
            EncryptedSearch.find(s, SearchUser.class, "email", email(id).toUpperCase(Locale.ROOT));
        if (found.size() != 1 || found.get(0).id != id) {
          misses++;
        }
        s.clear();
      }
    }
    return misses;
  }

  private static void inserts(SessionFactory sf, int rows, int insertRows, int rounds) {
    double[] plainNs = new double[rounds];
    double[] indexedNs = new double[rounds];
    double[] ratio = new double[rounds];
    long next = rows + 1L;
    for (int r = -2; r < rounds; r++) {
      boolean plainFirst = r % 2 == 0;
      long start = next;
      next += insertRows;
      long a = insertRound(sf, start, insertRows, !plainFirst); // the plain side when plainFirst
      long b = insertRound(sf, start, insertRows, plainFirst);
      if (r >= 0) {
        plainNs[r] = (double) (plainFirst ? a : b) / insertRows;
        indexedNs[r] = (double) (plainFirst ? b : a) / insertRows;
        ratio[r] = indexedNs[r] / plainNs[r];
      }
    }
    System.out.printf(
        Locale.ROOT,
        "insert: @Encrypted %.1f µs/row, @Encrypted + @SearchIndex %.1f µs/row (medians of %d rounds"
            + " of %d rows, JDBC batches of 50), median ratio %.3f, ratio of the medians %.3f%n",
        median(plainNs) / 1e3,
        median(indexedNs) / 1e3,
        rounds,
        insertRows,
        median(ratio),
        median(indexedNs) / median(plainNs));
  }

  private static long insertRound(SessionFactory sf, long start, int n, boolean indexed) {
    long t0 = System.nanoTime();
    sf.inTransaction(
        s -> {
          for (long id = start; id < start + n; id++) {
            s.persist(indexed ? new IndexedUser(id, email(id)) : new EncryptedUser(id, email(id)));
            if ((id - start) % 50 == 49) {
              s.flush();
              s.clear();
            }
          }
        });
    return System.nanoTime() - t0;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static int intArg(String[] args, String name, int fallback) {
    String v = stringArg(args, name, null);
    return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
  }

  private static String stringArg(String[] args, String name, String fallback) {
    List<String> list = new ArrayList<>(Arrays.asList(args));
    int i = list.indexOf(name);
    return i >= 0 && i + 1 < list.size() ? list.get(i + 1) : fallback;
  }
}
