package dev.fieldcrypt.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringFile;
import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.hibernate.FieldcryptSettings;
import dev.fieldcrypt.jobs.JobError;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.JobStatus;
import dev.fieldcrypt.jobs.ProgressListener;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import dev.fieldcrypt.jobs.TargetStats;
import dev.fieldcrypt.jobs.hibernate.HibernateTargets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/**
 * The fieldcrypt demo: a small application (plain Hibernate, HikariCP and Flyway) whose users carry
 * {@code @Encrypted} secrets, taken through a whole key rotation: keyring, encrypted writes, what
 * the database sees, rotation, re-encryption with an interruption and a resume, and a tampered row
 * that is reported instead of being returned as garbage. The output reads as the story of what
 * happened.
 *
 * <pre>
 * mvn -B -pl sample-app -am package -DskipTests
 * java -jar sample-app/target/fieldcrypt-demo.jar                      # H2, in a temp dir
 * java -jar sample-app/target/fieldcrypt-demo.jar --jdbc-url jdbc:postgresql://127.0.0.1:5432/test
 * </pre>
 *
 * Exit codes: 0 when the story ends as it should, 1 when something failed, 2 for bad arguments.
 */
public final class Demo {
  static final String TABLE = "fieldcrypt_demo_users";
  static final long TAMPERED_ID = 42;
  private static final String HISTORY_TABLE = "fieldcrypt_demo_history";
  private static final String[] SHOWN_COLUMNS = {"otp_secret", "api_token"};
  private static final HexFormat HEX = HexFormat.of();

  private final DemoOptions options;
  private final PrintStream out;
  private final boolean terminal;
  private final SecureRandom random = new SecureRandom();
  private int step;
  private long liveSwitchMillis = -1;
  private long switchUsers;

  /** How often the demo application's live keyring reloads the keyring file. */
  static final String REFRESH = "200ms";

  Demo(DemoOptions options, PrintStream out, boolean terminal) {
    this.options = options;
    this.out = out;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, System.getenv(DemoOptions.PASSWORD_ENV));
    } catch (IllegalArgumentException e) {
      System.err.println("fieldcrypt demo: " + e.getMessage());
      System.err.print(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.print(DemoOptions.USAGE);
      return;
    }
    try {
      new Demo(options, System.out, System.console() != null).run();
    } catch (Exception e) {
      System.out.flush();
      System.err.println("fieldcrypt demo failed: " + describe(e));
      System.exit(1);
    }
  }

  /** Runs the whole story and returns where it ended, for the tests. */
  DemoResult run() throws IOException, SQLException {
    Path dir =
        options.dir() != null
            ? Files.createDirectories(options.dir()).toAbsolutePath()
            : Files.createTempDirectory("fieldcrypt-demo-").toAbsolutePath();
    String url =
        options.jdbcUrl() != null
            ? options.jdbcUrl()
            : "jdbc:h2:file:" + dir.resolve("demo").toString().replace('\\', '/');
    String user = options.dbUser() != null ? options.dbUser() : options.isH2() ? "sa" : "postgres";
    Path keyringFile = dir.resolve(".env.crypto");

    out.println("fieldcrypt demo");
    out.println("===============");
    out.println(
        "database:  " + withoutParameters(url) + (options.jdbcUrl() == null ? " (H2)" : ""));
    out.println("directory: " + dir);

    try (HikariDataSource ds = pool(url, user)) {
      prepareSchema(ds);

      Keyring keyring = createKeyring(keyringFile);
      SessionFactory app = application(ds, keyringFile);
      try {
        storeUsers(app, 1, options.users(), keyring.activeVersion());
        showStoredValues(ds, app);
        Lookups lookups = new Lookups(app, out);
        lookups.explain(options.users());
        lookups.report("before the rotation", lookups.run(options.users(), 300, null));

        keyring = rotate(keyringFile, keyring);
        // No restart: the running application's live keyring picks the new version up.
        long nextId = awaitLiveSwitch(ds, app, options.users() + 1L, keyring.activeVersion());
        readOldRowAfterRotation(app);
        storeUsers(app, nextId, options.moreUsers(), keyring.activeVersion());

        ReencryptTarget target = HibernateTargets.of(app, DemoUser.class);
        ReencryptJobs jobs = ReencryptJobs.create(ds, FieldCipher.create(keyring));
        showVersions(jobs.stats(target), "Rows per key version now:");

        tamper(ds);
        byte[] digestBefore = digestOfReadableUsers(app);

        long lastId = nextId + options.moreUsers() - 1;
        Lookups.Background during = lookups.background(lastId);
        JobRuns runs;
        try {
          runs = reencrypt(jobs, target, keyring.activeVersion());
        } finally {
          lookups.report("while the job ran (both runs)", during.stop());
        }
        lookups.report("after the job", lookups.run(lastId, 300, null));
        List<TargetStats> after = jobs.stats(target);
        showVersions(after, "Rows per key version after the job:");

        List<JobError> errors = jobs.errors(runs.finished().id(), 100);
        String loadFailure = reportTampered(errors, app);

        byte[] digestAfter = digestOfReadableUsers(app);
        boolean same = MessageDigest.isEqual(digestBefore, digestAfter);
        ending(runs.finished(), same, keyringFile, url, user);
        return new DemoResult(
            dir,
            keyringFile,
            url,
            runs.interrupted(),
            runs.finished(),
            versionsByColumn(after),
            errors,
            loadFailure,
            same,
            liveSwitchMillis,
            switchUsers,
            lookups.total(),
            lookups.misses());
      } finally {
        app.close();
      }
    }
  }

  // --- the steps of the story -------------------------------------------------------------------

  private void prepareSchema(HikariDataSource ds) throws SQLException {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/demo")
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    FieldcryptSchema.migrate(ds);
    long leftOver = count(ds, "SELECT COUNT(*) FROM " + TABLE);
    int cancelled = cancelUnfinishedJobs(ds);
    if (leftOver > 0 || cancelled > 0) {
      execute(ds, "DELETE FROM " + TABLE);
      out.printf(
          Locale.ROOT,
          "(emptied %s: %,d rows and %d unfinished job(s) of an earlier run, whose keyring is"
              + " gone)%n",
          TABLE,
          leftOver,
          cancelled);
    }
  }

  private Keyring createKeyring(Path keyringFile) throws IOException {
    header("A keyring");
    Keyring keyring = Keyring.of("v1", List.of(KeyVersion.generate("v1")));
    KeyringFile.write(keyringFile, keyring);
    out.printf(
        "Wrote %s (%s, written atomically): key version v1, active.%n",
        keyringFile, permissions(keyringFile));
    out.println(
        "It holds a 256-bit key and a salt per version; keep it out of git and back it up. Nothing"
            + " in this output shows them.");
    out.println(
        "Hibernate gets it from one setting: "
            + FieldcryptSettings.KEYRING_URI
            + "=file:"
            + keyringFile
            + " (live: reloaded every "
            + REFRESH
            + ")");
    return keyring;
  }

  private void storeUsers(SessionFactory app, long firstId, int count, String version) {
    header(String.format(Locale.ROOT, "The application stores %,d users", count));
    long t0 = System.nanoTime();
    app.inTransaction(
        s -> {
          for (long id = firstId; id < firstId + count; id++) {
            s.persist(newUser(id));
            if ((id - firstId + 1) % 100 == 0) {
              s.flush();
              s.clear();
            }
          }
        });
    long ms = (System.nanoTime() - t0) / 1_000_000;
    out.printf(
        Locale.ROOT,
        "Persisted users %,d to %,d in %,d ms through three @Encrypted fields (otp_secret,"
            + " api_token, recovery_codes as byte[]); new values are written under %s.%n",
        firstId,
        firstId + count - 1,
        ms,
        version);
  }

  private void showStoredValues(DataSource ds, SessionFactory app) throws SQLException {
    header("What the database holds, and what the application reads");
    out.println(
        "Raw column values over plain JDBC, beside the same users loaded through Hibernate:");
    out.println();
    out.printf("  %-3s %-11s %-46s %s%n", "id", "column", "in the database", "in the application");
    for (long id = 1; id <= 3; id++) {
      final long userId = id;
      DemoUser u = app.fromTransaction(s -> s.find(DemoUser.class, userId));
      Map<String, String> raw = rawValues(ds, id);
      out.printf(
          "  %-3d %-11s %-46s %s%n",
          id, "otp_secret", abbreviate(raw.get("otp_secret")), u.getOtpSecret());
      out.printf(
          "  %-3s %-11s %-46s %s%n",
          "", "api_token", abbreviate(raw.get("api_token")), u.getApiToken());
    }
    out.println();
    out.println(
        "A dump or a backup of this table shows only the left column. Each value is AES-256-GCM"
            + " under a key derived for its table.column, so a value copied into another column or"
            + " altered fails to decrypt.");
  }

  private Keyring rotate(Path keyringFile, Keyring current) throws IOException {
    header("Rotate to " + current.nextVersionLabel());
    KeyringFile.Updated u =
        KeyringFile.update(
            keyringFile, k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())));
    Path backup = u.backup();
    Keyring rotated = u.after();
    String next = rotated.activeVersion();
    out.printf(
        "Backed up the keyring to %s, then added %s and made it active (what `fieldcrypt rotate`"
            + " does).%n",
        backup.getFileName(), next);
    out.printf(
        "The application keeps running: its live keyring (%s=file:…, refreshed every %s) will"
            + " make new writes use %s; every %s value stays readable.%n",
        FieldcryptSettings.KEYRING_URI, REFRESH, next, current.activeVersion());
    return rotated;
  }

  /**
   * Writes one user at a time until the running application writes under {@code version}, and says
   * how long the switch took from the rotation; returns the next free id.
   */
  private long awaitLiveSwitch(DataSource ds, SessionFactory app, long firstId, String version)
      throws SQLException {
    long t0 = System.nanoTime();
    long deadline = t0 + 30_000_000_000L;
    long id = firstId;
    while (true) {
      DemoUser user = newUser(id);
      app.inTransaction(s -> s.persist(user));
      String raw = rawValues(ds, id).get("otp_secret");
      id++;
      if (raw.startsWith(version + ":")) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the application did not switch to " + version + " within 30 s of the rotation");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the live keyring", e);
      }
    }
    liveSwitchMillis = (System.nanoTime() - t0) / 1_000_000;
    switchUsers = id - firstId;
    out.printf(
        Locale.ROOT,
        "The running application wrote its first %s value %,d ms after the rotation (%,d user(s)"
            + " written meanwhile, the earlier ones under the old version); no restart.%n",
        version,
        liveSwitchMillis,
        id - firstId);
    Map<String, String> before = rawValues(ds, firstId);
    Map<String, String> after = rawValues(ds, id - 1);
    out.printf(
        "Raw otp_secret of user %d: %s%nRaw otp_secret of user %d: %s%n",
        firstId, abbreviate(before.get("otp_secret")), id - 1, abbreviate(after.get("otp_secret")));
    return id;
  }

  private void readOldRowAfterRotation(SessionFactory app) {
    DemoUser first = app.fromTransaction(s -> s.find(DemoUser.class, 1L));
    out.printf(
        "User 1, written under v1, still reads fine, without a restart (%d-character OTP"
            + " secret).%n",
        first.getOtpSecret().length());
  }

  private void tamper(DataSource ds) throws SQLException {
    header("Someone tampers with a row");
    String column = "otp_secret";
    String value = rawValues(ds, TAMPERED_ID).get(column);
    int at = value.length() - 10; // inside the base64 body, well past the version prefix
    char flipped = value.charAt(at) == 'A' ? 'B' : 'A';
    String changed = value.substring(0, at) + flipped + value.substring(at + 1);
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE " + TABLE + " SET " + column + " = ? WHERE id = ?")) {
      ps.setString(1, changed);
      ps.setLong(2, TAMPERED_ID);
      ps.executeUpdate();
    }
    out.printf(
        "Changed one character of user %d's %s directly in the database, as an attacker with"
            + " write access to the table (or a corrupted backup) would.%n",
        TAMPERED_ID, column);
  }

  private JobRuns reencrypt(ReencryptJobs jobs, ReencryptTarget target, String version) {
    int workers = options.isH2() ? 1 : 2;
    JobOptions.Builder base =
        JobOptions.builder()
            .batchSize(options.batchSize())
            .commitEvery(options.batchSize())
            .workers(workers);
    long jobId = jobs.create(target, base.build());
    JobInfo created = jobs.job(jobId);
    header(
        String.format(
            Locale.ROOT,
            "Re-encrypt every row to %s (job %d: %,d rows, %d worker(s), batches of %d)",
            version,
            jobId,
            created.total(),
            workers,
            options.batchSize()));
    out.println(
        "The job pages through the table by id, skips values already on "
            + version
            + ", and writes each new value with a compare-and-set on the old one, committing the"
            + " rows and its checkpoint together.");

    AtomicBoolean interrupted = new AtomicBoolean();
    ProgressBar bar = new ProgressBar(out, terminal);
    ProgressListener interrupting =
        p -> {
          bar.onProgress(p);
          if (p.percent() >= options.interruptAtPercent()
              && interrupted.compareAndSet(false, true)) {
            jobs.pause(p.jobId());
          }
        };
    JobInfo first = jobs.resume(jobId, base.progress(interrupting).build());
    bar.end();
    if (first.status() != JobStatus.PAUSED) {
      throw new IllegalStateException(
          "the demo meant to interrupt job " + jobId + " part-way, but it ended " + first.status());
    }
    out.printf(
        Locale.ROOT,
        "Interrupted at %,d of %,d rows. reencrypt_jobs says: job %d %s, %,d re-encrypted so far;"
            + " its chunks keep their cursors.%n",
        first.processed(),
        first.total(),
        jobId,
        first.status().dbValue(),
        first.reencrypted());
    out.println(
        "(Here an operator paused it, as `fieldcrypt pause-job` does; a crash, even kill -9,"
            + " resumes the same way: from the last commit.)");
    out.printf("Resuming job %d…%n", jobId);

    ProgressBar resumedBar = new ProgressBar(out, terminal);
    JobInfo done = jobs.resume(jobId, base.progress(resumedBar).build());
    resumedBar.end();
    out.printf(
        Locale.ROOT,
        "Job %d %s: %,d rows examined, %,d re-encrypted, %,d already on %s, %,d error(s),"
            + " %,d changed by the application meanwhile.%n",
        jobId,
        done.status().dbValue(),
        done.processed(),
        done.reencrypted(),
        done.skipped(),
        version,
        done.errors(),
        done.conflicts());
    return new JobRuns(first, done);
  }

  private String reportTampered(List<JobError> errors, SessionFactory app) {
    header("The tampered row is reported, not returned as garbage");
    out.println("reencrypt_job_errors holds (row id, column, reason; never the value):");
    for (JobError e : errors) {
      out.printf("  row %s, %s: %s (%s)%n", e.rowId(), e.column(), e.reason(), e.message());
    }
    String failure;
    try {
      app.inTransaction(s -> s.find(DemoUser.class, TAMPERED_ID));
      throw new IllegalStateException(
          "user " + TAMPERED_ID + " was tampered with but loaded without an error");
    } catch (RuntimeException e) {
      Throwable root = rootCause(e);
      if (root instanceof IllegalStateException && root == e) {
        throw e;
      }
      failure = root.getClass().getSimpleName() + ": " + root.getMessage();
    }
    out.println("Loading user " + TAMPERED_ID + " through Hibernate fails loudly:");
    out.println("  " + failure);
    out.println(
        "Restore the value from a backup taken before the change; the job leaves the row as it"
            + " is, and every other row went on.");
    return failure;
  }

  private void ending(JobInfo job, boolean same, Path keyringFile, String url, String user) {
    header("The end");
    out.printf(
        "Every readable value decrypts to what it was before the job: %s (SHA-256 over all"
            + " users but %d, read through Hibernate before and after).%n",
        same ? "yes" : "NO", TAMPERED_ID);
    out.println("Look around with the CLI (mvn -B -pl cli -am package -DskipTests builds it):");
    out.printf(
        "  java -jar cli/target/fieldcrypt.jar stats --env-file %s --jdbc-url '%s' --db-user %s"
            + " --table %s --column otp_secret%n",
        keyringFile, url, user, TABLE);
    out.printf(
        "  java -jar cli/target/fieldcrypt.jar list-jobs --env-file %s --jdbc-url '%s' --db-user"
            + " %s%n",
        keyringFile, url, user);
    if (job.status() != JobStatus.FINISHED || !same) {
      throw new IllegalStateException(
          "the story did not end as it should: job "
              + job.status()
              + ", values unchanged: "
              + same);
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private SessionFactory application(DataSource ds, Path keyringFile) {
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.datasource", ds)
            .applySetting("hibernate.hbm2ddl.auto", "validate")
            .applySetting("hibernate.jdbc.batch_size", 100)
            .applySetting("hibernate.order_inserts", true)
            .applySetting(FieldcryptSettings.KEYRING_URI, "file:" + keyringFile)
            .applySetting(FieldcryptSettings.REFRESH_INTERVAL, REFRESH)
            .build();
    try {
      return new MetadataSources(registry)
          .addAnnotatedClass(DemoUser.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  private DemoUser newUser(long id) {
    byte[] otp = new byte[20];
    random.nextBytes(otp);
    byte[] token = new byte[16];
    random.nextBytes(token);
    byte[] codes = new byte[80];
    random.nextBytes(codes);
    return new DemoUser(
        id,
        "user" + id + "@example.com",
        Base32.encode(otp),
        "fc_live_" + HEX.formatHex(token),
        codes);
  }

  /** SHA-256 over every user but the tampered one, as the application reads them. */
  private static byte[] digestOfReadableUsers(SessionFactory app) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    app.inTransaction(
        s -> {
          List<DemoUser> users =
              s.createSelectionQuery("from DemoUser where id <> :id order by id", DemoUser.class)
                  .setParameter("id", TAMPERED_ID)
                  .getResultList();
          for (DemoUser u : users) {
            md.update((u.getId() + "|" + u.getEmail() + "|").getBytes(StandardCharsets.UTF_8));
            md.update(
                (u.getOtpSecret() + "|" + u.getApiToken() + "|").getBytes(StandardCharsets.UTF_8));
            md.update(u.getRecoveryCodes());
          }
        });
    return md.digest();
  }

  private void showVersions(List<TargetStats> stats, String title) {
    out.println(title);
    for (TargetStats t : stats) {
      StringBuilder line = new StringBuilder(String.format("  %-15s", t.column()));
      for (Map.Entry<String, Long> e : new TreeMap<>(t.rowsPerVersion()).entrySet()) {
        line.append(String.format(Locale.ROOT, " %s %,6d", e.getKey(), e.getValue()));
      }
      line.append(
          String.format(
              Locale.ROOT, "   plaintext %,d   null %,d", t.plaintextRows(), t.nullRows()));
      out.println(line);
    }
  }

  private static Map<String, Map<String, Long>> versionsByColumn(List<TargetStats> stats) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (TargetStats t : stats) {
      out.put(t.column(), Map.copyOf(t.rowsPerVersion()));
    }
    return out;
  }

  private static Map<String, String> rawValues(DataSource ds, long id) throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT otp_secret, api_token, recovery_codes FROM " + TABLE + " WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no user " + id + " in " + TABLE);
        }
        values.put("otp_secret", rs.getString(1));
        values.put("api_token", rs.getString(2));
        values.put("recovery_codes", rs.getString(3));
      }
    }
    return values;
  }

  /** Cancels unfinished jobs on the demo table left by an earlier, interrupted run. */
  private static int cancelUnfinishedJobs(DataSource ds) {
    ReencryptJobs admin = ReencryptJobs.create(ds);
    int cancelled = 0;
    for (JobStatus status :
        List.of(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.FAILED)) {
      for (JobInfo job : admin.list(status, 1000)) {
        if (job.target().table().equalsIgnoreCase(TABLE) && admin.cancel(job.id())) {
          cancelled++;
        }
      }
    }
    return cancelled;
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private HikariDataSource pool(String url, String user) {
    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName("fieldcrypt-demo");
    cfg.setJdbcUrl(url);
    cfg.setUsername(user);
    if (options.dbPassword() != null) {
      cfg.setPassword(options.dbPassword());
    }
    cfg.setMaximumPoolSize(6);
    cfg.setInitializationFailTimeout(5_000);
    return new HikariDataSource(cfg);
  }

  private void header(String title) {
    out.println();
    out.println(++step + ". " + title);
  }

  private static String permissions(Path file) {
    try {
      return "mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    } catch (UnsupportedOperationException | IOException e) {
      return "owner-only";
    }
  }

  private static String abbreviate(String value) {
    if (value == null) {
      return "NULL";
    }
    return value.length() <= 40
        ? value
        : value.substring(0, 37) + "… (" + value.length() + " chars)";
  }

  private static String withoutParameters(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable e) {
    Throwable root = rootCause(e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + root.getMessage();
    }
    return message;
  }

  private record JobRuns(JobInfo interrupted, JobInfo finished) {}
}
