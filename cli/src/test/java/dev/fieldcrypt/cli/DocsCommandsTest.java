package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.cli.options.DatabaseOptions;
import dev.fieldcrypt.core.ColumnContext;
import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.core.dotenv.KeyringBackups;
import dev.fieldcrypt.db.FieldcryptSchema;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.ReencryptTarget;
import dev.fieldcrypt.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Keeps the documentation's commands true. Every line of a {@code bash}, {@code sh} or {@code
 * shell} block in README.md, docs/*.md and the modules' README.md files that runs {@code fieldcrypt
 * …} (or {@code java -jar …fieldcrypt.jar …}) must parse with the real command tree; and the
 * rotation runbook is run, in document order, in-process against a scratch PostgreSQL schema
 * holding the tables it names, every command exiting 0 or with the code its {@code # expect: exit
 * N} comment gives.
 *
 * <p>Shell-only lines (assignments, {@code export}, {@code alias}, {@code read}, pipes into {@code
 * grep}) are skipped. The runbook's variables are the test's: {@code $FIELDCRYPT_JDBC_URL} and
 * {@code $FIELDCRYPT_DB_USER} are the scratch schema, {@code $KEYRING} and {@code $LOGFILE} files
 * in a temp dir, {@code $BACKUP} the newest backup of the keyring (what {@code ls -1t … | head -n
 * 1} gives), and {@code $JOB_ID} the newest unfinished job of the runbook's target; when there is
 * none the test creates a pending one, standing in for the job that runs in the operator's other
 * shell.
 */
class DocsCommandsTest {
  private static final String RUNBOOK = "docs/rotation-runbook.md";
  private static final int ROWS = 300;

  /** Values for the parse check, where only the shape of a value matters. */
  private static final Map<String, String> PARSE_VALUES =
      Map.of(
          "FIELDCRYPT_JDBC_URL", "jdbc:postgresql://db.example:5432/app",
          "FIELDCRYPT_DB_USER", "app");

  @TempDir Path dir;

  private TestDatabase db;
  private Path keyring;
  private Path logfile;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private Target currentTarget;
  private final List<String> transcript = new ArrayList<>();

  @Test
  void everyDocumentedCommand_parsesWithTheCommandTree() throws IOException {
    Path root = repositoryRoot();
    List<String> failures = new ArrayList<>();
    int found = 0;
    for (Path doc : documents(root)) {
      for (DocCommand c : DocCommand.extract(root, doc)) {
        found++;
        String problem = parseProblem(c.invocation(v -> PARSE_VALUES.getOrDefault(v, "1")).args());
        if (problem != null) {
          failures.add(c.where() + ": " + c.text() + System.lineSeparator() + "    " + problem);
        }
      }
    }

    assertThat(found).as("fieldcrypt commands found in README.md and docs/*.md").isGreaterThan(20);
    assertThat(failures).as("documented commands the CLI rejects").isEmpty();
  }

  @Test
  void runbook_runsInOrder_andLeavesEveryRowOnTheNewVersion() throws IOException {
    Path root = repositoryRoot();
    List<DocCommand> commands = DocCommand.extract(root, root.resolve(RUNBOOK));
    db = TestDatabase.postgres().isolatedSchema("docs");
    keyring = dir.resolve(".env.crypto");
    logfile = dir.resolve("rotation.log");
    CliHarness.noTerminal().run("generate", "--env-file", keyring.toString()).succeeds();
    String initialVersion = fileKeyring().activeVersion();
    for (DocCommand c : commands) {
      c.invocation(v -> "1").targetOf().ifPresent(t -> targets.merge(t.table(), t, Target::union));
    }
    assertThat(targets).as("tables the runbook names with --table").isNotEmpty();
    targets.values().forEach(this::seed);

    Set<String> ran = new LinkedHashSet<>();
    for (DocCommand c : commands) {
      ran.add(run(c));
    }

    assertThat(ran)
        .as("the runbook's commands")
        .contains("backup-config", "validate-config", "rotate", "activate", "reencrypt")
        .contains("list-jobs")
        .contains("pause-job", "stats", "remove-versions", "cleanup-keys", "cleanup-jobs")
        .contains("restore-config");
    String active = fileKeyring().activeVersion();
    assertThat(active).as("active version after the runbook").isNotEqualTo(initialVersion);
    targets.values().forEach(t -> assertEveryValueOn(t, active));
    assertThat(Files.readString(logfile))
        .contains("AUDIT action=rotate", "action=activate", "action=cleanup-keys");
  }

  // ---- running the runbook

  /** Runs one documented command and checks its exit code; returns the subcommand's name. */
  private String run(DocCommand c) {
    Invocation inv = c.invocation(this::runValue);
    Map<String, String> env = new HashMap<>(passwordEnvironment());
    env.putAll(inv.env());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context = new CliContext(null, env, Clock.systemDefaultZone());
    int code =
        FieldcryptCli.run(
            context, new PrintWriter(out), new PrintWriter(err), inv.args().toArray(String[]::new));
    int expected = c.expectedExit().orElse(ExitCodes.OK);
    assertThat(code)
        .as(
            "exit code of %s: %s%n--- stdout:%n%s--- stderr:%n%s--- before it:%n%s",
            c.where(), c.text(), out, err, String.join(System.lineSeparator(), transcript))
        .isEqualTo(expected);
    transcript.add("  exit " + code + "  " + c.where() + "  " + c.text());
    inv.targetOf().ifPresent(t -> currentTarget = t);
    return inv.args().isEmpty() ? "" : inv.args().get(0);
  }

  /** What the runbook's shell variables stand for here. */
  private String runValue(String name) {
    return switch (name) {
      case "FIELDCRYPT_JDBC_URL" -> db.url();
      case "FIELDCRYPT_DB_USER" -> db.user();
      case "KEYRING" -> keyring.toString();
      case "LOGFILE" -> logfile.toString();
      case "BACKUP" -> newestBackup();
      case "JOB_ID" -> String.valueOf(jobToWorkOn());
      default ->
          throw new AssertionError(
              RUNBOOK
                  + " runs a fieldcrypt command with "
                  + (name.startsWith("$") ? name : "$" + name)
                  + ", which this test does not provide; use the runbook's variables or teach"
                  + " DocsCommandsTest.runValue what it stands for");
    };
  }

  private Map<String, String> passwordEnvironment() {
    return db.password() == null || db.password().isEmpty()
        ? Map.of()
        : Map.of(DatabaseOptions.PASSWORD_VARIABLE, db.password());
  }

  private String newestBackup() {
    List<Path> backups = KeyringBackups.of(keyring).list();
    assertThat(backups).as("backups of %s", keyring).isNotEmpty();
    return backups.get(0).toString();
  }

  /** The newest unfinished job of the current target, or a new pending one. */
  private long jobToWorkOn() {
    assertThat(currentTarget).as("a --table command before $JOB_ID is used").isNotNull();
    ReencryptTarget target = currentTarget.reencryptTarget();
    FieldcryptSchema.migrate(db.dataSource());
    Optional<JobInfo> unfinished = ReencryptJobs.create(db.dataSource()).latestUnfinished(target);
    if (unfinished.isPresent()) {
      return unfinished.get().id();
    }
    long id =
        ReencryptJobs.create(db.dataSource(), FieldCipher.create(fileKeyring()))
            .create(target, JobOptions.defaults());
    transcript.add("  (test: created pending job " + id + " as the job running elsewhere)");
    return id;
  }

  private Keyring fileKeyring() {
    return DotenvKeySource.builder().file(keyring).environment(Map.of()).build().load();
  }

  /** Creates {@code t}'s table with {@link #ROWS} rows under the keyring's active version. */
  private void seed(Target t) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE " + t.table() + " (" + t.idColumn());
    ddl.append(" BIGINT PRIMARY KEY");
    t.columns().forEach(c -> ddl.append(", ").append(c).append(" VARCHAR(500)"));
    db.execute(ddl.append(')').toString());
    FieldCipher cipher = FieldCipher.create(fileKeyring());
    String sql =
        "INSERT INTO "
            + t.table()
            + " ("
            + t.idColumn()
            + ", "
            + String.join(", ", t.columns())
            + ") VALUES (?"
            + ", ?".repeat(t.columns().size())
            + ")";
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (long id = 1; id <= ROWS; id++) {
        ps.setLong(1, id);
        int i = 2;
        for (String column : t.columns()) {
          String plain = plaintext(t, column, id);
          ps.setString(i++, plain == null ? null : cipher.encrypt(plain, t.context(column)));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot seed " + t.table() + ": " + e.getMessage(), e);
    }
  }

  /** The seeded value of a cell: every 10th row of the first column is null. */
  private static String plaintext(Target t, String column, long id) {
    boolean first = column.equals(t.columns().iterator().next());
    return first && id % 10 == 0 ? null : "sample " + t.context(column) + " #" + id;
  }

  /** Every value of {@code t} is on {@code version} and still decrypts to what was seeded. */
  private void assertEveryValueOn(Target t, String version) {
    CliHarness.Result r =
        CliHarness.noTerminal()
            .environment(passwordEnvironment())
            .run(
                "stats",
                "--env-file",
                keyring.toString(),
                "--jdbc-url",
                db.url(),
                "--db-user",
                db.user(),
                "--table",
                t.table(),
                "--column",
                String.join(",", t.columns()))
            .succeeds();
    assertThat(r.out()).contains("Every encrypted value is on the active version " + version);
    FieldCipher cipher = FieldCipher.create(fileKeyring());
    String query = "SELECT " + t.idColumn() + ", " + String.join(", ", t.columns());
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query + " FROM " + t.table())) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        long id = rs.getLong(1);
        int i = 2;
        for (String column : t.columns()) {
          String stored = rs.getString(i++);
          String expected = plaintext(t, column, id);
          if (expected == null) {
            assertThat(stored).as("%s.%s of row %d", t.table(), column, id).isNull();
          } else {
            assertThat(stored)
                .as("%s.%s of row %d", t.table(), column, id)
                .startsWith(version + ":");
            assertThat(cipher.decrypt(stored, t.context(column))).isEqualTo(expected);
          }
        }
      }
      assertThat(rows).isEqualTo(ROWS);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the parse check

  /** Null when picocli accepts {@code args} as a command; otherwise why not. */
  private static String parseProblem(List<String> args) {
    StringWriter sink = new StringWriter();
    CommandLine cli =
        FieldcryptCli.commandLine(
            new CliContext(null, Map.of(), Clock.systemUTC()),
            new PrintWriter(sink),
            new PrintWriter(sink));
    try {
      ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
      boolean help = parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested();
      return parsed.hasSubcommand() || help ? null : "no command given";
    } catch (ParameterException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  // ---- finding the documents

  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(".ci").resolve("run"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no directory containing .ci/run above " + Path.of("").toAbsolutePath());
  }

  private static List<Path> documents(Path root) throws IOException {
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> files = Files.list(root.resolve("docs"))) {
      files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    // The modules' own READMEs (cli/README.md, db/README.md, …).
    try (Stream<Path> modules = Files.list(root)) {
      modules
          .map(m -> m.resolve("README.md"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(docs::add);
    }
    assertThat(docs).contains(root.resolve(RUNBOOK));
    return docs;
  }

  // ---- what the documents hold

  /** A table and columns the runbook works on, with the default contexts. */
  record Target(String table, String idColumn, Set<String> columns) {
    Target union(Target other) {
      Set<String> all = new LinkedHashSet<>(columns);
      all.addAll(other.columns);
      return new Target(table, idColumn, all);
    }

    /** The default context, as {@code @Encrypted} and the jobs derive it. */
    String context(String column) {
      return ColumnContext.of(table.substring(table.lastIndexOf('.') + 1), column);
    }

    ReencryptTarget reencryptTarget() {
      ReencryptTarget t = ReencryptTarget.of(table, idColumn);
      for (String c : columns) {
        t = t.column(c);
      }
      return t;
    }
  }

  /** A fieldcrypt run as a shell would start it: extra environment and the arguments. */
  record Invocation(Map<String, String> env, List<String> args) {
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    // A leading "$" is a prompt in a pasted transcript.
    private static final Set<String> WRAPPERS = Set.of("$", "sudo", "env", "nohup", "time", "exec");

    /** The fieldcrypt run among a simple command's words, if it is one. */
    static Optional<Invocation> of(List<String> words) {
      Map<String, String> env = new LinkedHashMap<>();
      int k = 0;
      boolean wrapped = false;
      while (k < words.size()) {
        String w = words.get(k);
        if (ASSIGNMENT.matcher(w).matches()) {
          env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
          k++;
        } else if (WRAPPERS.contains(w)) {
          wrapped = true;
          k++;
        } else if (wrapped && w.startsWith("-")) {
          k += w.equals("-u") ? 2 : 1; // sudo -u USER
        } else {
          break;
        }
      }
      if (k >= words.size()) {
        return Optional.empty();
      }
      String command = words.get(k);
      if (command.equals("fieldcrypt")) {
        return Optional.of(new Invocation(env, words.subList(k + 1, words.size())));
      }
      int jar = words.indexOf("-jar");
      if ((command.equals("java") || command.endsWith("/java"))
          && jar > k
          && jar + 1 < words.size()
          && words.get(jar + 1).endsWith("fieldcrypt.jar")) {
        return Optional.of(new Invocation(env, words.subList(jar + 2, words.size())));
      }
      return Optional.empty();
    }

    /** The {@code --table}/{@code --id-column}/{@code --column} target, if the run names one. */
    Optional<Target> targetOf() {
      List<String> tables = values("--table");
      if (tables.isEmpty()) {
        return Optional.empty();
      }
      List<String> ids = values("--id-column");
      Set<String> columns = new LinkedHashSet<>();
      values("--column").forEach(v -> columns.addAll(List.of(v.split(","))));
      String id = ids.isEmpty() ? "id" : ids.get(ids.size() - 1);
      return Optional.of(new Target(tables.get(tables.size() - 1), id, columns));
    }

    private List<String> values(String option) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals(option) && i + 1 < args.size()) {
          out.add(args.get(++i));
        } else if (a.startsWith(option + "=")) {
          out.add(a.substring(option.length() + 1));
        }
      }
      return out;
    }
  }

  /**
   * One fieldcrypt run in a document: the logical shell line it is on (continuations joined), and
   * which of the line's fieldcrypt runs it is.
   */
  record DocCommand(
      String file, int line, String text, int ordinal, Optional<Integer> expectedExit) {
    private static final Pattern FENCE = Pattern.compile("(`{3,}|~{3,})\\s*([A-Za-z0-9_+-]*).*");
    private static final Set<String> SHELLS = Set.of("bash", "sh", "shell");
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*['\"]?([A-Za-z_]+)['\"]?");
    private static final Pattern EXPECT = Pattern.compile("expect:\\s*exit\\s+(\\d+)");

    String where() {
      return file + ":" + line;
    }

    /** This run with the shell variables replaced by {@code vars}. */
    Invocation invocation(UnaryOperator<String> vars) {
      int n = 0;
      for (List<String> words : ShellLine.parse(text, vars).commands()) {
        Optional<Invocation> inv = Invocation.of(words);
        if (inv.isPresent() && n++ == ordinal) {
          return inv.get();
        }
      }
      throw new IllegalStateException(where() + ": no fieldcrypt run #" + ordinal + " in " + text);
    }

    /** Every fieldcrypt run in the shell blocks of {@code doc}, in document order. */
    static List<DocCommand> extract(Path root, Path doc) throws IOException {
      String file = root.relativize(doc).toString().replace('\\', '/');
      List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
      List<DocCommand> out = new ArrayList<>();
      String fence = null;
      boolean shell = false;
      String heredoc = null;
      StringBuilder logical = null;
      int start = 0;
      for (int i = 0; i < lines.size(); i++) {
        String s = lines.get(i).strip();
        if (fence == null) {
          Matcher m = FENCE.matcher(s);
          if (m.matches()) {
            fence = m.group(1);
            shell = SHELLS.contains(m.group(2).toLowerCase(Locale.ROOT));
          }
          continue;
        }
        if (closes(s, fence)) {
          fence = null;
          heredoc = null;
          logical = null;
          continue;
        }
        if (!shell) {
          continue;
        }
        if (heredoc != null) {
          heredoc = s.equals(heredoc) ? null : heredoc;
          continue;
        }
        if (logical == null) {
          logical = new StringBuilder();
          start = i + 1;
        }
        if (s.endsWith("\\") && !s.startsWith("#")) {
          logical.append(s.substring(0, s.length() - 1).strip()).append(' ');
          continue;
        }
        String text = logical.append(s).toString().strip();
        logical = null;
        Matcher h = HEREDOC.matcher(text);
        heredoc = h.find() ? h.group(1) : null;
        out.addAll(runsIn(file, start, text));
      }
      return out;
    }

    private static boolean closes(String line, String fence) {
      return line.startsWith(fence) && line.chars().allMatch(ch -> ch == fence.charAt(0));
    }

    private static List<DocCommand> runsIn(String file, int line, String text) {
      ShellLine parsed;
      try {
        parsed = ShellLine.parse(text, v -> "1");
      } catch (IllegalArgumentException e) {
        if (text.contains("fieldcrypt")) {
          throw new AssertionError(file + ":" + line + ": cannot split " + text, e);
        }
        return List.of(); // a shell line of another kind, e.g. a quoted string over several lines
      }
      Optional<Integer> expected = Optional.empty();
      if (parsed.comment() != null) {
        Matcher m = EXPECT.matcher(parsed.comment());
        if (m.find()) {
          expected = Optional.of(Integer.parseInt(m.group(1)));
        }
      }
      List<DocCommand> out = new ArrayList<>();
      for (List<String> words : parsed.commands()) {
        if (Invocation.of(words).isPresent()) {
          out.add(new DocCommand(file, line, text, out.size(), expected));
        }
      }
      return out;
    }
  }

  /**
   * Splits one shell line into simple commands and their words: quotes, backslashes, {@code $VAR},
   * {@code ${VAR}} and {@code $(…)} (handed to {@code vars} whole), {@code ; | & && ||},
   * redirections (dropped) and a trailing {@code #} comment. Enough for documentation, not a shell.
   */
  static final class ShellLine {
    private final String s;
    private final UnaryOperator<String> vars;
    private final List<List<String>> commands = new ArrayList<>();
    private List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private boolean dropNextWord;
    private String comment;
    private int i;

    private ShellLine(String s, UnaryOperator<String> vars) {
      this.s = s;
      this.vars = vars;
    }

    static ShellLine parse(String line, UnaryOperator<String> vars) {
      ShellLine p = new ShellLine(line, vars);
      p.run();
      return p;
    }

    List<List<String>> commands() {
      return commands;
    }

    /** The text after an unquoted {@code #}, or null. */
    String comment() {
      return comment;
    }

    private void run() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          endWord();
          i++;
        } else if (c == '#' && !inWord) {
          comment = s.substring(i + 1).strip();
          break;
        } else if (c == '\'') {
          int end = s.indexOf('\'', i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("unclosed ' in: " + s);
          }
          word.append(s, i + 1, end);
          inWord = true;
          i = end + 1;
        } else if (c == '"') {
          doubleQuoted();
        } else if (c == '\\') {
          inWord = true;
          if (i + 1 < s.length()) {
            word.append(s.charAt(i + 1));
          }
          i += 2;
        } else if (c == '$') {
          expand();
        } else if (c == ';' || c == '|' || c == '&') {
          endWord();
          endCommand();
          i += i + 1 < s.length() && s.charAt(i + 1) == c ? 2 : 1;
        } else if (c == '>' || c == '<') {
          redirect();
        } else {
          word.append(c);
          inWord = true;
          i++;
        }
      }
      endWord();
      endCommand();
    }

    private void doubleQuoted() {
      inWord = true;
      i++;
      while (true) {
        if (i >= s.length()) {
          throw new IllegalArgumentException("unclosed \" in: " + s);
        }
        char c = s.charAt(i);
        if (c == '"') {
          i++;
          return;
        }
        if (c == '\\' && i + 1 < s.length() && "$`\"\\".indexOf(s.charAt(i + 1)) >= 0) {
          word.append(s.charAt(i + 1));
          i += 2;
        } else if (c == '$') {
          expand();
        } else {
          word.append(c);
          i++;
        }
      }
    }

    /** At a {@code $}: appends what {@code vars} gives for the name, or a literal {@code $}. */
    private void expand() {
      inWord = true;
      int start = i++;
      if (i < s.length() && s.charAt(i) == '{') {
        int end = s.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ${ in: " + s);
        }
        word.append(vars.apply(s.substring(i + 1, end)));
        i = end + 1;
      } else if (i < s.length() && s.charAt(i) == '(') {
        int depth = 0;
        int j = i;
        for (; j < s.length(); j++) {
          depth += s.charAt(j) == '(' ? 1 : s.charAt(j) == ')' ? -1 : 0;
          if (depth == 0) {
            break;
          }
        }
        word.append(vars.apply(s.substring(start, Math.min(j + 1, s.length()))));
        i = j + 1;
      } else {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        word.append(j == i ? "$" : vars.apply(s.substring(i, j)));
        i = j;
      }
    }

    /** {@code > file}, {@code 2>&1}, {@code << EOF}: dropped with their target. */
    private void redirect() {
      if (inWord && word.chars().allMatch(Character::isDigit)) {
        word.setLength(0);
        inWord = false;
      } else {
        endWord();
      }
      i++;
      while (i < s.length() && (s.charAt(i) == '>' || s.charAt(i) == '<' || s.charAt(i) == '-')) {
        i++;
      }
      if (i < s.length() && s.charAt(i) == '&') {
        i++;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
        return;
      }
      dropNextWord = true;
    }

    private void endWord() {
      if (inWord) {
        if (dropNextWord) {
          dropNextWord = false;
        } else {
          words.add(word.toString());
        }
      }
      word.setLength(0);
      inWord = false;
    }

    private void endCommand() {
      if (!words.isEmpty()) {
        commands.add(List.copyOf(words));
      }
      words = new ArrayList<>();
    }
  }
}
