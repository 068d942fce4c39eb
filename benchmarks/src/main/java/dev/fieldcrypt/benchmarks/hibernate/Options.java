package dev.fieldcrypt.benchmarks.hibernate;

import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link HibernateOverhead}, {@code --name=value}. */
record Options(
    List<String> databases,
    int rows,
    int warmup,
    int rounds,
    int batchSize,
    String pgUrl,
    String pgUser) {

  static final String USAGE =
      """
      usage: java -cp benchmarks.jar dev.fieldcrypt.benchmarks.hibernate.HibernateOverhead [options]
        --db=h2,postgresql   databases to run on, in order (default: both)
        --rows=10000         entities persisted and loaded per round
        --warmup=5           unmeasured rounds first
        --rounds=10          measured rounds; the variants alternate which goes first
        --batch-size=50      hibernate.jdbc.batch_size, and the flush/clear interval
        --pg-url=URL         default jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true
        --pg-user=postgres   the password, if any, comes from FIELDCRYPT_BENCH_PG_PASSWORD
      On PostgreSQL the harness works in its own schema, fieldcrypt_bench, and drops it at the end.
      """;

  /** The options, or {@code null} when help was asked for. */
  static Options parse(String... args) {
    List<String> databases = List.of("h2", "postgresql");
    int rows = 10_000;
    int warmup = 5;
    int rounds = 10;
    int batchSize = 50;
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true";
    String pgUser = "postgres";
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      switch (name) {
        case "db" -> databases = databases(value);
        case "rows" -> rows = positive(name, value);
        case "warmup" -> warmup = Integer.parseInt(value);
        case "rounds" -> rounds = positive(name, value);
        case "batch-size" -> batchSize = positive(name, value);
        case "pg-url" -> pgUrl = value;
        case "pg-user" -> pgUser = value;
        default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
      }
    }
    return new Options(databases, rows, warmup, rounds, batchSize, pgUrl, pgUser);
  }

  private static List<String> databases(String value) {
    List<String> out = new ArrayList<>();
    for (String db : value.split(",")) {
      if (!db.equals("h2") && !db.equals("postgresql")) {
        throw new IllegalArgumentException("--db takes h2 and/or postgresql, not '" + db + "'");
      }
      out.add(db);
    }
    return out;
  }

  private static int positive(String name, String value) {
    int n = Integer.parseInt(value);
    if (n < 1) {
      throw new IllegalArgumentException("--" + name + " must be at least 1, got " + n);
    }
    return n;
  }
}
