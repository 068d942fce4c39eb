package dev.fieldcrypt.benchmarks.jobs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/**
 * Re-encryption throughput on the local PostgreSQL, three ways in one run, each on a freshly seeded
 * and vacuumed table of rows under key version v1:
 *
 * <ol>
 *   <li>(a) identity: the job pipeline (keyset read, compare-and-set write, checkpoint) writing
 *       every value back unchanged, no cryptography: the ceiling;
 *   <li>(b) fieldcrypt: the same job re-encrypting to v2;
 *   <li>(c) Hibernate loop: pages of entities loaded by id, each value re-encrypted by hand, flush
 *       and commit per page, with Hibernate's default settings: what users write without
 *       fieldcrypt;
 *   <li>(c+) the same loop with JDBC batching switched on ({@code hibernate.jdbc.batch_size=50}),
 *       the best a tuned hand-written loop does.
 * </ol>
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.fieldcrypt.benchmarks.jobs.ReencryptBenchmark \
 *     [--rows 1000000] [--hibernate-rows ROWS] [--batch 1000] [--rounds 3] [--jdbc-url URL]
 * </pre>
 *
 * The Hibernate loops run on a table of {@code --hibernate-rows} rows (default: as many as the
 * jobs, so that all variants see the same table size and cache behaviour); the jobs run under
 * whatever {@code -Xmx} the JVM was given. Each variant reseeds its table first.
 */
public final class ReencryptBenchmark {
  private static final String TABLE = "bench_secrets";
  private static final ReencryptTarget TARGET =
      ReencryptTarget.of(TABLE, "id").column("otp").column("token");

  private final HikariDataSource ds;
  private final FieldCipher onV1;
  private final FieldCipher onV2;

  private ReencryptBenchmark(String url) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername(System.getenv().getOrDefault("PGUSER", "postgres"));
    cfg.setPassword(System.getenv().getOrDefault("PGPASSWORD", ""));
    cfg.setMaximumPoolSize(8);
    this.ds = new HikariDataSource(cfg);
    KeyVersion v1 = KeyVersion.generate("v1");
    KeyVersion v2 = KeyVersion.generate("v2");
    this.onV1 = FieldCipher.create(Keyring.of("v1", List.of(v1)));
    this.onV2 = FieldCipher.create(Keyring.of("v2", List.of(v1, v2)));
  }

  public static void main(String[] args) throws Exception {
    int rows = 1_000_000;
    int hibernateRows = -1;
    int batch = 1000;
    int rounds = 3;
    String url = "jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true";
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[i + 1]);
        case "--hibernate-rows" -> hibernateRows = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--jdbc-url" -> url = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ReencryptBenchmark b = new ReencryptBenchmark(url);
    try {
      b.run(rows, hibernateRows < 0 ? rows : Math.min(rows, hibernateRows), batch, rounds);
    } finally {
      b.ds.close();
    }
  }

  private void run(int rows, int hibernateRows, int batch, int rounds) throws Exception {
    FieldcryptSchema.migrate(ds);
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "rows=%d hibernate-rows=%d batch=%d rounds=%d max-heap=%dMB cores=%d java=%s%n",
        rows,
        hibernateRows,
        batch,
        rounds,
        rt.maxMemory() >> 20,
        rt.availableProcessors(),
        System.getProperty("java.version"));
    double[] a = new double[rounds];
    double[] b = new double[rounds];
    double[] c = new double[rounds];
    double[] batched = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      a[round] = job(rows, batch, true);
      b[round] = job(rows, batch, false);
      // --hibernate-rows 0 leaves the Hibernate loops out (when only (a) and (b) are of interest).
      c[round] = hibernateRows == 0 ? Double.NaN : hibernate(hibernateRows, batch, false);
      batched[round] = hibernateRows == 0 ? Double.NaN : hibernate(hibernateRows, batch, true);
      System.out.printf(
          Locale.ROOT,
          "round %d: (a) identity %.0f  (b) fieldcrypt %.0f  (c) hibernate loop %.0f"
              + "  (c+) batched hibernate loop %.0f rows/s   (b)/(a) %.2f  (b)/(c) %.1f%n",
          round + 1,
          a[round],
          b[round],
          c[round],
          batched[round],
          b[round] / a[round],
          b[round] / c[round]);
    }
    // Medians over the rounds: one slow round (a checkpoint, autovacuum) moves them least.
    double ma = median(a);
    double mb = median(b);
    double mc = median(c);
    double mBatched = median(batched);
    System.out.printf(
        Locale.ROOT,
        "median of %d rounds: (a) %.0f  (b) %.0f  (c) %.0f  (c+) %.0f rows/s%n",
        rounds,
        ma,
        mb,
        mc,
        mBatched);
    System.out.printf(
        Locale.ROOT,
        "(b)/(a) = %.2f (bar >= 0.80: %s)   (b)/(c) = %.1f (bar >= 5: %s)   (b)/(c+) = %.1f%n",
        mb / ma,
        mb / ma >= 0.8 ? "met" : "MISSED",
        mb / mc,
        Double.isNaN(mc) ? "not measured" : mb / mc >= 5 ? "met" : "MISSED",
        mb / mBatched);
    // The sum of the heap pools' peaks (an upper bound of the true peak: pools peak at
    // different times).
    long peak = 0;
    for (java.lang.management.MemoryPoolMXBean pool :
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "heap: peak %dMB (sum of the heap pools' peaks), %dMB in use at the end, of %dMB%n",
        peak >> 20,
        (rt.totalMemory() - rt.freeMemory()) >> 20,
        rt.maxMemory() >> 20);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Seeds, then times one job: identity rewrite or re-encryption. Rows per second. */
  private double job(int rows, int batch, boolean identity) throws SQLException {
    seed(rows);
    ReencryptJobs jobs = ReencryptJobs.create(ds, onV2);
    long t0 = System.nanoTime();
    JobInfo job =
        jobs.start(
            TARGET,
            JobOptions.builder()
                .batchSize(batch)
                .commitEvery(batch)
                .rewriteUnchanged(identity)
                .build());
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (job.processed() != rows || job.reencrypted() != rows) {
      throw new IllegalStateException("job did not process every row: " + job);
    }
    return rows / seconds;
  }

  /**
   * Seeds, then times the hand-written Hibernate loop over the first {@code rows} ids: with
   * Hibernate's defaults, or with JDBC batching on.
   */
  private double hibernate(int rows, int batch, boolean jdbcBatching) throws SQLException {
    seed(rows);
    var builder =
        new StandardServiceRegistryBuilder().applySetting("hibernate.connection.datasource", ds);
    if (jdbcBatching) {
      builder
          .applySetting("hibernate.jdbc.batch_size", "50")
          .applySetting("hibernate.order_updates", "true");
    }
    var registry = builder.build();
    try (SessionFactory sf =
        new MetadataSources(registry)
            .addAnnotatedClass(RawSecret.class)
            .buildMetadata()
            .buildSessionFactory()) {
      long t0 = System.nanoTime();
      long last = 0;
      int done = 0;
      while (true) {
        final long after = last;
        List<RawSecret> page =
            sf.fromTransaction(
                s -> {
                  List<RawSecret> list =
                      s.createSelectionQuery(
                              "from RawSecret where id > :after order by id", RawSecret.class)
                          .setParameter("after", after)
                          .setMaxResults(batch)
                          .getResultList();
                  for (RawSecret r : list) {
                    r.otp = onV2.reencrypt(r.otp, "bench_secrets.otp");
                    r.token = onV2.reencrypt(r.token, "bench_secrets.token");
                  }
                  return list;
                });
        if (page.isEmpty()) {
          break;
        }
        done += page.size();
        last = page.get(page.size() - 1).id;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (done != rows) {
        throw new IllegalStateException("hibernate loop saw " + done + " rows, expected " + rows);
      }
      return rows / seconds;
    }
  }

  private void seed(int rows) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute(
          "CREATE TABLE "
              + TABLE
              + " (id BIGINT PRIMARY KEY, otp VARCHAR(200), token VARCHAR(200))");
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?)")) {
        for (long id = 1; id <= rows; id++) {
          ps.setLong(1, id);
          ps.setString(2, onV1.encrypt("JBSWY3DPEHPK3PXP" + id, "bench_secrets.otp"));
          ps.setString(3, onV1.encrypt("tok_live_" + id, "bench_secrets.token"));
          ps.addBatch();
          if (id % 5000 == 0) {
            ps.executeBatch();
            c.commit();
          }
        }
        ps.executeBatch();
        c.commit();
      }
      c.setAutoCommit(true);
      s.execute("VACUUM ANALYZE " + TABLE);
    }
  }
}
