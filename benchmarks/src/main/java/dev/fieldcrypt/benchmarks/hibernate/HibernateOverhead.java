package dev.fieldcrypt.benchmarks.hibernate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.hibernate.FieldcryptSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/**
 * What {@code @Encrypted} costs on a real entity: persists and loads the same rows as {@link
 * PlainSecret}, as {@link EncryptedSecret} (two encrypted String fields) and as {@link
 * JdkGcmSecret} (the same two fields through a hand-written JDK AES-GCM converter, the floor)
 * through one SessionFactory, one HikariCP pool and the same JDBC batching, rotating which variant
 * goes first each round, after warm-up rounds. Prints every round, then min / median / max per
 * variant, the encrypted/plain ratios against the bars (load ≤ 1.15×, persist ≤ 1.3×), and the same
 * ratios for the hand-written converter.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.fieldcrypt.benchmarks.hibernate.HibernateOverhead
 * </pre>
 */
public final class HibernateOverhead {
  static final double LOAD_BAR = 1.15;
  static final double PERSIST_BAR = 1.30;
  private static final String PG_SCHEMA = "fieldcrypt_bench";

  private HibernateOverhead() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.print(Options.USAGE);
      return;
    }
    System.out.printf(
        "JVM %s (%s), %d cores; %d rows, %d warm-up + %d measured rounds, batch size %d%n",
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(),
        options.rows(),
        options.warmup(),
        options.rounds(),
        options.batchSize());
    Dataset data = new Dataset(options.rows());
    for (String db : options.databases()) {
      HikariConfig pool = new HikariConfig();
      pool.setPoolName("bench-" + db);
      pool.setMaximumPoolSize(4);
      if (db.equals("h2")) {
        pool.setJdbcUrl("jdbc:h2:mem:fieldcrypt_bench;DB_CLOSE_DELAY=-1");
        pool.setUsername("sa");
        run("H2 in memory", pool, null, data, options);
      } else {
        pool.setJdbcUrl(options.pgUrl());
        pool.setUsername(options.pgUser());
        pool.setPassword(System.getenv().getOrDefault("FIELDCRYPT_BENCH_PG_PASSWORD", ""));
        run("PostgreSQL", pool, PG_SCHEMA, data, options);
      }
    }
  }

  private static void run(
      String name, HikariConfig poolConfig, String schema, Dataset data, Options options)
      throws SQLException {
    try (HikariDataSource ds = new HikariDataSource(poolConfig)) {
      String product;
      try (Connection c = ds.getConnection()) {
        product = c.getMetaData().getDatabaseProductVersion();
      }
      System.out.printf("%n== %s %s ==%n", name, product);
      if (schema != null) {
        execute(ds, "create schema if not exists " + schema);
      }
      try (SessionFactory sf = sessionFactory(ds, schema, options.batchSize())) {
        measure(new Workload(sf, ds, schema, data, options.batchSize()), options);
      } finally {
        if (schema != null) {
          execute(ds, "drop schema if exists " + schema + " cascade");
        }
      }
    }
  }

  private static void measure(Workload w, Options o) throws SQLException {
    Map<Variant, Timings> persist = new EnumMap<>(Variant.class);
    Map<Variant, Timings> load = new EnumMap<>(Variant.class);
    Map<Variant, Timings> unread = new EnumMap<>(Variant.class);
    for (Variant v : Variant.values()) {
      persist.put(v, new Timings());
      load.put(v, new Timings());
      unread.put(v, new Timings());
    }
    for (int round = 0; round < o.warmup() + o.rounds(); round++) {
      boolean measured = round >= o.warmup();
      // Each variant goes first, second and third in turn.
      List<Variant> order = new ArrayList<>(List.of(Variant.values()));
      Collections.rotate(order, round);
      StringBuilder line =
          new StringBuilder(
              measured ? "round " + (round - o.warmup() + 1) : "warm-up " + (round + 1));
      for (Variant v : order) {
        w.truncate(v);
        // Each timed phase starts on a clean heap and pays for its own garbage.
        System.gc();
        long gc0 = gcMillis();
        long p = w.persist(v);
        long gc1 = gcMillis();
        System.gc();
        long gc2 = gcMillis();
        long l = w.load(v);
        long gc3 = gcMillis();
        System.gc();
        long gc4 = gcMillis();
        long u = w.loadUnread(v);
        long gc5 = gcMillis();
        if (measured) {
          persist.get(v).add(p, gc1 - gc0);
          load.get(v).add(l, gc3 - gc2);
          unread.get(v).add(u, gc5 - gc4);
        }
        line.append(
            String.format(
                Locale.ROOT,
                "  %s persist %.1f ms (gc %d) load %.1f ms (gc %d)",
                v.label,
                p / 1e6,
                gc1 - gc0,
                l / 1e6,
                gc3 - gc2));
      }
      if (round == 0) {
        w.checkStoredForm();
      }
      System.out.println(line);
    }
    report("persist", persist, PERSIST_BAR, o.rows());
    report("load", load, LOAD_BAR, o.rows());
    report("unread", unread, LOAD_BAR, o.rows());
    Timings plain = unread.get(Variant.PLAIN);
    Timings lazy = unread.get(Variant.LAZY);
    System.out.printf(
        Locale.ROOT,
        "unread   ratio lazy/plain (SecretString fields not read): median %.3fx  paired-median"
            + " %.3fx  bar <= %.2fx: %s%n",
        lazy.medianMs() / plain.medianMs(),
        lazy.medianPairedRatio(plain),
        LOAD_BAR,
        lazy.medianMs() / plain.medianMs() <= LOAD_BAR ? "met" : "MISSED");
    System.out.printf(
        Locale.ROOT,
        "load     ratio lazy/encrypted (both fields read): median %.3fx  paired-median %.3fx%n",
        load.get(Variant.LAZY).medianMs() / load.get(Variant.ENCRYPTED).medianMs(),
        load.get(Variant.LAZY).medianPairedRatio(load.get(Variant.ENCRYPTED)));
  }

  private static void report(String op, Map<Variant, Timings> t, double bar, int rows) {
    Timings plain = t.get(Variant.PLAIN);
    Timings enc = t.get(Variant.ENCRYPTED);
    Timings jdk = t.get(Variant.JDK);
    for (Variant v : Variant.values()) {
      Timings x = t.get(v);
      System.out.printf(
          Locale.ROOT,
          "%-8s %-10s min %8.1f ms  median %8.1f ms  max %8.1f ms  (of which GC, median %d ms)%n",
          op,
          v.label,
          x.minMs(),
          x.medianMs(),
          x.maxMs(),
          x.medianGcMs());
    }
    double ratioMedian = enc.medianMs() / plain.medianMs();
    System.out.printf(
        Locale.ROOT,
        "%-8s ratio encrypted/plain: min %.3fx  median %.3fx  paired-median %.3fx  bar <= %.2fx:"
            + " %s; +%.2f us per entity (median)%n",
        op,
        enc.minMs() / plain.minMs(),
        ratioMedian,
        enc.medianPairedRatio(plain),
        bar,
        ratioMedian <= bar ? "met" : "MISSED",
        (enc.medianMs() - plain.medianMs()) * 1000 / rows);
    System.out.printf(
        Locale.ROOT,
        "%-8s ratio jdk-gcm/plain: median %.3fx  paired-median %.3fx (the floor: AES-GCM by hand)%n",
        op,
        jdk.medianMs() / plain.medianMs(),
        jdk.medianPairedRatio(plain));
    System.out.printf(
        Locale.ROOT,
        "%-8s ratio encrypted/jdk-gcm: median %.3fx  paired-median %.3fx (what fieldcrypt adds to"
            + " the floor)%n",
        op,
        enc.medianMs() / jdk.medianMs(),
        enc.medianPairedRatio(jdk));
  }

  /** Collection time of all collectors so far; a timed phase's share is the difference. */
  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static SessionFactory sessionFactory(HikariDataSource ds, String schema, int batchSize) {
    Keyring keyring = Keyring.of("v1", List.of(KeyVersion.generate("v1")));
    StandardServiceRegistryBuilder b =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.datasource", ds)
            .applySetting("hibernate.hbm2ddl.auto", "create-drop")
            .applySetting("hibernate.jdbc.batch_size", batchSize)
            .applySetting("hibernate.order_inserts", true)
            .applySetting(FieldcryptSettings.KEYRING, keyring);
    if (schema != null) {
      b.applySetting("hibernate.default_schema", schema);
    }
    StandardServiceRegistry registry = b.build();
    try {
      return new MetadataSources(registry)
          .addAnnotatedClass(PlainSecret.class)
          .addAnnotatedClass(EncryptedSecret.class)
          .addAnnotatedClass(JdkGcmSecret.class)
          .addAnnotatedClass(LazySecret.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  private static void execute(HikariDataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
