package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.dotenv.DotenvKeySource;
import dev.fieldcrypt.core.dotenv.EncryptedKeyringFile;
import dev.fieldcrypt.core.dotenv.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --keyring URI} on the commands that take {@code --env-file}: a plain file, an encrypted
 * file and a remote-like store ({@link MemoryKeySourceProvider}: versioned, check-and-set) go
 * through the same commands, and a remote keyring's backup is an encrypted file.
 */
class KeyringUriCommandsTest {
  @TempDir Path dir;
  private final String masterKey = randomKey();

  private static String randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  @BeforeEach
  @AfterEach
  void reset() {
    MemoryKeySourceProvider.reset();
  }

  private CliHarness cli() {
    return CliHarness.noTerminal().environment(Map.of("FIELDCRYPT_MASTER_KEY", masterKey));
  }

  private String uri(String kind) {
    return switch (kind) {
      case "file" -> "file:" + dir.resolve(".env.crypto");
      case "encrypted-file" -> "encrypted-file:" + dir.resolve("keys.enc");
      case "memory" -> "memory:app";
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private Keyring stored(String kind) {
    return switch (kind) {
      case "file" ->
          DotenvKeySource.builder()
              .file(dir.resolve(".env.crypto"))
              .environment(Map.of())
              .build()
              .load();
      case "encrypted-file" ->
          EncryptedKeyringFile.read(
              dir.resolve("keys.enc"),
              MasterKey.fromEnvironment(Map.of("FIELDCRYPT_MASTER_KEY", masterKey)));
      case "memory" -> MemoryKeySourceProvider.get("app");
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "encrypted-file", "memory"})
  void everyKeyringCommand_worksOnTheStoreTheUriNames(String kind) {
    String uri = uri(kind);
    List<CliHarness.Result> runs = new ArrayList<>();

    runs.add(cli().run("generate", "--keyring", uri).succeeds());
    assertThat(stored(kind).labels()).containsExactly("v1");
    runs.add(cli().run("rotate", "--keyring", uri, "--no-activate", "--yes").succeeds());
    assertThat(stored(kind).labels()).containsExactly("v1", "v2");
    assertThat(stored(kind).activeVersion()).isEqualTo("v1");
    runs.add(cli().run("activate", "--keyring", uri, "--version", "v2", "--yes").succeeds());
    assertThat(stored(kind).activeVersion()).isEqualTo("v2");
    runs.add(cli().run("rotate", "--keyring", uri, "--yes").succeeds());
    assertThat(stored(kind).activeVersion()).isEqualTo("v3");

    CliHarness.Result list = cli().run("list", "--keyring", uri).succeeds();
    runs.add(list);
    assertThat(list.out()).contains("Active version: v3").contains("v1").contains("v2");
    CliHarness.Result valid = cli().run("validate-config", "--keyring", uri).succeeds();
    runs.add(valid);
    assertThat(valid.out()).contains("valid").contains("v1, v2, v3");

    runs.add(
        cli().run("remove-versions", "--keyring", uri, "--versions", "v1", "--yes").succeeds());
    assertThat(stored(kind).labels()).containsExactly("v2", "v3");

    Keyring finalKeyring = stored(kind);
    for (CliHarness.Result r : runs) {
      for (String s : CliHarness.keyMaterial(finalKeyring)) {
        assertThat(r.out() + r.err()).doesNotContain(s);
      }
    }
  }

  @Test
  void rotate_onARemoteStore_reportsWhereThePreviousKeyringIsKept() {
    cli().run("generate", "--keyring", "memory:app").succeeds();

    CliHarness.Result r = cli().run("rotate", "--keyring", "memory:app", "--yes").succeeds();

    assertThat(r.out())
        .contains("Keyring: memory:app")
        .contains("[OK] Previous keyring kept as version 1 of memory:app")
        .contains("memory:app updated");
  }

  @Test
  void generate_onARemoteStoreThatHoldsAKeyring_refusesWithoutForce_andReplacesWithIt() {
    cli().run("generate", "--keyring", "memory:app").succeeds();
    Keyring first = MemoryKeySourceProvider.get("app");

    cli()
        .run("generate", "--keyring", "memory:app")
        .failsWith(1, "keyring memory:app already exists", "--force");
    assertThat(MemoryKeySourceProvider.get("app").versions()).isEqualTo(first.versions());

    CliHarness.Result r =
        cli().run("generate", "--keyring", "memory:app", "--force", "--yes").succeeds();
    assertThat(MemoryKeySourceProvider.get("app").versions()).isNotEqualTo(first.versions());
    assertThat(r.out()).contains("Previous keyring kept as version 1 of memory:app");
  }

  @Test
  void rotate_losingACheckAndSetRace_failsClearly_andKeepsTheOtherRotation() {
    cli().run("generate", "--keyring", "memory:app").succeeds();
    // Another operator rotates between this command's read and its write.
    MemoryKeySourceProvider.beforeWrite =
        () -> {
          MemoryKeySourceProvider.beforeWrite = () -> {};
          Keyring k = MemoryKeySourceProvider.get("app");
          MemoryKeySourceProvider.put("app", k.withActiveVersion(KeyVersion.generate("v2")));
        };

    cli()
        .run("rotate", "--keyring", "memory:app", "--yes")
        .failsWith(1, "memory:app changed since it was read");

    assertThat(MemoryKeySourceProvider.get("app").labels()).containsExactly("v1", "v2");
  }

  @Test
  void writeCommands_onAReadOnlyStore_refuseAndNameTheRemedy() {
    MemoryKeySourceProvider.put("ro-app", Keyring.of("v1", List.of(KeyVersion.generate("v1"))));

    cli()
        .run("rotate", "--keyring", "memory:ro-app", "--yes")
        .failsWith(1, "memory:ro-app is read-only", "writable one with --keyring");
    cli().run("list", "--keyring", "memory:ro-app").succeeds();
  }

  @Test
  void bothKeyringAndEnvFile_isAUsageError() {
    cli()
        .run("list", "--keyring", "memory:app", "--env-file", dir.resolve("x").toString())
        .failsWith(2, "both --keyring and --env-file");
  }

  @Test
  void anUnknownScheme_listsTheKnownOnes_andSaysToAddAModule() {
    cli()
        .run("list", "--keyring", "nope-sm:prod/keys")
        .failsWith(1, "no key source handles the scheme 'nope-sm:'", "aws-sm", "gcp-sm", "vault");
  }

  @Test
  void backupOfARemoteKeyring_isAnEncryptedFile_andRestoresIntoTheStore() throws IOException {
    cli().run("generate", "--keyring", "memory:app").succeeds();
    Keyring original = MemoryKeySourceProvider.get("app");
    Path backups = Files.createDirectory(dir.resolve("backups"));

    CliHarness.Result b =
        cli()
            .run("backup-config", "--keyring", "memory:app", "--backup-dir", backups.toString())
            .succeeds();

    Path backup;
    try (Stream<Path> files = Files.list(backups)) {
      // The write's lock file sits beside it.
      backup = files.filter(f -> f.toString().endsWith(".enc")).findFirst().orElseThrow();
    }
    assertThat(backup.getFileName().toString()).startsWith("memory-app.backup_").endsWith(".enc");
    assertThat(EncryptedKeyringFile.isEncrypted(backup)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    String bytes =
        new String(Files.readAllBytes(backup), java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String s : CliHarness.keyMaterial(original)) {
      assertThat(bytes).doesNotContain(s);
      assertThat(b.out()).doesNotContain(s);
    }
    assertThat(b.out()).contains("encrypted under the master key from FIELDCRYPT_MASTER_KEY");

    cli().run("rotate", "--keyring", "memory:app", "--yes").succeeds();
    CliHarness.Result r =
        cli()
            .run(
                "restore-config",
                "--keyring",
                "memory:app",
                "--backup-file",
                backup.toString(),
                "--yes")
            .succeeds();

    assertThat(MemoryKeySourceProvider.get("app").versions()).isEqualTo(original.versions());
    assertThat(r.out())
        .contains("[WARN] the backup lacks version(s) v2")
        .contains("Previous keyring kept as version 2 of memory:app");
  }

  @Test
  void backupOfARemoteKeyring_withoutAMasterKey_refusesAndWritesNothing() throws IOException {
    cli().run("generate", "--keyring", "memory:app").succeeds();
    Path backups = Files.createDirectory(dir.resolve("backups"));

    CliHarness.Result r =
        CliHarness.noTerminal()
            .run("backup-config", "--keyring", "memory:app", "--backup-dir", backups.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("FIELDCRYPT_MASTER_KEY");
    try (Stream<Path> files = Files.list(backups)) {
      assertThat(files).noneMatch(f -> f.toString().endsWith(".enc"));
    }
  }

  @Test
  void backupAndRestore_ofAnEncryptedFile_copyTheCiphertextAndRestoreIt() throws IOException {
    String uri = uri("encrypted-file");
    cli().run("generate", "--keyring", uri).succeeds();
    Keyring original = stored("encrypted-file");

    CliHarness.Result b = cli().run("backup-config", "--keyring", uri).succeeds();
    Path backup =
        Path.of(
            b.out()
                .lines()
                .filter(l -> l.contains("Backup created: "))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*Backup created: (\\S+).*", "$1"));
    assertThat(EncryptedKeyringFile.isEncrypted(backup)).isTrue();

    cli().run("rotate", "--keyring", uri, "--yes").succeeds();
    cli()
        .run("restore-config", "--keyring", uri, "--backup-file", backup.toString(), "--yes")
        .succeeds();

    assertThat(stored("encrypted-file").versions()).isEqualTo(original.versions());
  }

  @Test
  void databaseCommands_readTheKeyringFromTheUri_andCleanupWritesThere() {
    JobsFixture fx = JobsFixture.postgres(dir).seed(20).rotate();
    MemoryKeySourceProvider.put("app", fx.keyring());
    // Every keyring argument now names the store; the file is gone, so nothing can read it.
    String[] memory = {"--keyring", "memory:app"};
    java.util.function.Function<String[], String[]> viaUri =
        args -> {
          List<String> a = new ArrayList<>(List.of(args));
          int i = a.indexOf("--env-file");
          a.set(i, memory[0]);
          a.set(i + 1, memory[1]);
          return a.toArray(String[]::new);
        };
    assertThat(fx.keyringFile.toFile().delete()).isTrue();

    CliHarness.Result re = fx.cli.run(viaUri.apply(fx.onTarget("reencrypt", "--yes"))).succeeds();
    assertThat(re.out()).contains("Keyring: memory:app (active version v2");
    assertThat(fx.versions("token")).containsOnlyKeys("v2");

    CliHarness.Result st = fx.cli.run(viaUri.apply(fx.onTarget("stats"))).succeeds();
    assertThat(st.out()).contains("Keyring: memory:app (active version v2");

    fx.cli
        .run(viaUri.apply(fx.onTarget("cleanup-keys", "--keep-versions", "1", "--yes")))
        .succeeds();
    assertThat(MemoryKeySourceProvider.get("app").labels()).containsExactly("v2");
  }
}
