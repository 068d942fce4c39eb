package dev.fieldcrypt.boot.app;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.KeyringFile;
import dev.fieldcrypt.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts {@link DemoApplication} on a test schema, writes keyrings, reads the raw database. */
final class TestApp {
  private TestApp() {}

  /** A keyring file with one version, {@code v1}, written as {@code fieldcrypt generate} does. */
  static Path newKeyring() {
    try {
      Path file = Files.createTempDirectory("fieldcrypt-boot").resolve(".env.crypto");
      KeyringFile.createNew(file, Keyring.of("v1", List.of(KeyVersion.generate("v1"))));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A rotation: a new version becomes active, the old ones stay readable. */
  static String rotate(Path keyring) {
    return KeyringFile.update(
            keyring, k -> k.withActiveVersion(KeyVersion.generate(k.nextVersionLabel())))
        .after()
        .activeVersion();
  }

  /** The datasource and the one fieldcrypt line (unless {@code keyring} is null). */
  static String[] properties(TestDatabase db, Path keyring) {
    List<String> p = new ArrayList<>();
    p.add("spring.datasource.url=" + db.url());
    p.add("spring.datasource.username=" + db.user());
    p.add("spring.datasource.password=" + (db.password() == null ? "" : db.password()));
    if (keyring != null) {
      p.add("fieldcrypt.keyring.file=" + keyring);
    }
    return p.toArray(String[]::new);
  }

  static ConfigurableApplicationContext start(TestDatabase db, Path keyring, String... more) {
    // As command-line arguments: they win over application.properties, as they would in production.
    List<String> args = new ArrayList<>();
    for (String p : properties(db, keyring)) {
      args.add("--" + p);
    }
    for (String p : more) {
      args.add("--" + p);
    }
    return new SpringApplicationBuilder(DemoApplication.class).run(args.toArray(String[]::new));
  }

  /** Lower-cased table names of the schema. */
  static Set<String> tables(TestDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      DatabaseMetaData md = c.getMetaData();
      Set<String> names = new TreeSet<>();
      try (ResultSet rs = md.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      return names;
    }
  }

  /** The first column of every row of {@code sql}, as strings. */
  static List<String> column(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  /** The application's own migration, for the schemas of the application without Flyway. */
  static void createApplicationTables(TestDatabase db) throws IOException {
    try (var in = TestApp.class.getResourceAsStream("/db/migration/V1__customers.sql")) {
      String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      for (String statement : sql.replaceAll("--[^\n]*", "").split(";")) {
        if (!statement.isBlank()) {
          db.execute(statement);
        }
      }
    }
  }
}
