package dev.fieldcrypt.core.dotenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encrypted keyring file: round trips, rewrites, conversions and every way it can be bad. */
class EncryptedKeyringFileTest {
  @TempDir Path dir;
  private Path file;
  private final EncryptedFixtures fx = new EncryptedFixtures();

  @BeforeEach
  void setUp() {
    file = dir.resolve("keyring.enc");
  }

  private EncryptedFileKeySource source(Map<String, String> env) {
    return EncryptedFileKeySource.builder()
        .file(file)
        .environment(env)
        .argon2(EncryptedFixtures.CHEAP)
        .build();
  }

  private void createWithKey() {
    source(fx.keyEnv()).create(fx.keyring);
  }

  private KeyringConfigException loadFails(Map<String, String> env) {
    Throwable t = catchThrowable(() -> source(env).load());
    assertThat(t).isInstanceOf(KeyringConfigException.class);
    fx.assertNoSecrets(t);
    return (KeyringConfigException) t;
  }

  private KeyringConfigException loadFails() {
    return loadFails(fx.keyEnv());
  }

  @Test
  void roundTrip_masterKey() throws IOException {
    createWithKey();

    Keyring loaded = source(fx.keyEnv()).load();

    assertThat(EncryptedFixtures.sameKeys(loaded, fx.keyring)).isTrue();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(Arrays.copyOf(bytes, 10))
        .isEqualTo(new byte[] {'F', 'C', 'K', 'E', 'Y', 'R', 'N', 'G', 1, 1});
    String raw = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("ENCRYPTION_KEYS").doesNotContain("ACTIVE_ENCRYPTION_VERSION");
    for (String secret : fx.secrets()) {
      assertThat(raw).doesNotContain(secret);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void roundTrip_passphrase_storesTheArgon2ParamsInTheHeader() throws IOException {
    source(EncryptedFixtures.passphraseEnv()).create(fx.keyring);

    Keyring loaded = source(EncryptedFixtures.passphraseEnv()).load();

    assertThat(EncryptedFixtures.sameKeys(loaded, fx.keyring)).isTrue();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes[9]).isEqualTo((byte) 2);
    assertThat(EncryptedKeyringFormat.header(bytes, file).argon2())
        .isEqualTo(EncryptedFixtures.CHEAP);
  }

  @Test
  void passphrase_fromAFileWithATrailingNewline_opensTheFile() throws IOException {
    source(EncryptedFixtures.passphraseEnv()).create(fx.keyring);
    Path secret = Files.writeString(dir.resolve("pass"), EncryptedFixtures.PASSPHRASE + "\n");

    Keyring loaded = source(Map.of(MasterKey.PASSPHRASE_FILE_VARIABLE, secret.toString())).load();

    assertThat(loaded.labels()).containsExactly("v1", "v2");
  }

  @Test
  void load_appliesTheEnvironmentsOverridesOnTop() {
    createWithKey();
    Map<String, String> env = new HashMap<>(fx.keyEnv());
    env.put("ACTIVE_ENCRYPTION_VERSION", "v1");

    assertThat(source(env).load().activeVersion()).isEqualTo("v1");
  }

  @Test
  void update_writesANewSaltAndNonce_andBacksUpTheEncryptedBytes() throws IOException {
    createWithKey();
    byte[] before = Files.readAllBytes(file);

    KeyringChange c =
        source(fx.keyEnv()).update(k -> k.withActiveVersion(KeyVersion.generate("v3")));

    byte[] after = Files.readAllBytes(file);
    assertThat(c.changed()).isTrue();
    assertThat(Arrays.copyOfRange(after, 12, 40)).isNotEqualTo(Arrays.copyOfRange(before, 12, 40));
    Path backup = Path.of(c.previous());
    assertThat(Files.readAllBytes(backup)).isEqualTo(before);
    assertThat(new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1))
        .startsWith("FCKEYRNG")
        .doesNotContain("ENCRYPTION_KEYS");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    assertThat(EncryptedKeyringFile.read(backup, fx.key()).labels()).containsExactly("v1", "v2");
    assertThat(source(fx.keyEnv()).load().labels()).containsExactly("v1", "v2", "v3");
  }

  @Test
  void update_keepsTheArgon2ParamsOfTheFile() throws IOException {
    source(EncryptedFixtures.passphraseEnv()).create(fx.keyring);
    EncryptedFileKeySource defaults =
        EncryptedFileKeySource.builder()
            .file(file)
            .environment(EncryptedFixtures.passphraseEnv())
            .build();

    defaults.update(k -> k.withActiveVersion(KeyVersion.generate("v3")));

    assertThat(EncryptedKeyringFormat.header(Files.readAllBytes(file), file).argon2())
        .isEqualTo(EncryptedFixtures.CHEAP);
  }

  @Test
  void update_unchangedKeyring_writesNothing() throws IOException {
    createWithKey();
    byte[] before = Files.readAllBytes(file);

    KeyringChange c = source(fx.keyEnv()).update(k -> k);

    assertThat(c.changed()).isFalse();
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(KeyringBackups.of(file).list()).isEmpty();
  }

  @Test
  void update_storesTheKeyringWithoutTheEnvironmentsOverrides() {
    createWithKey();
    Map<String, String> env = new HashMap<>(fx.keyEnv());
    env.put("ACTIVE_ENCRYPTION_VERSION", "v1");

    source(env).update(k -> k.withActiveVersion(KeyVersion.generate("v3")));

    assertThat(source(fx.keyEnv()).load().activeVersion()).isEqualTo("v3");
  }

  @Test
  void replace_backsUpAndWrites() {
    createWithKey();
    Keyring fresh = Keyring.of("v9", List.of(KeyVersion.generate("v9")));

    KeyringChange c = source(fx.keyEnv()).replace(fresh);

    assertThat(source(fx.keyEnv()).load().labels()).containsExactly("v9");
    assertThat(EncryptedKeyringFile.read(Path.of(c.previous()), fx.key()).labels())
        .containsExactly("v1", "v2");
  }

  @Test
  void create_existingFile_isRefused() {
    createWithKey();

    assertThatThrownBy(() -> source(fx.keyEnv()).create(fx.keyring))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void wrongMasterKey_isOneClearLine() {
    createWithKey();

    KeyringConfigException e =
        loadFails(Map.of(MasterKey.KEY_VARIABLE, EncryptedFixtures.randomKey()));

    assertThat(e)
        .hasMessageContaining("cannot decrypt encrypted keyring file " + file)
        .hasMessageContaining("wrong master key or damaged file")
        .hasMessageContaining("Check FIELDCRYPT_MASTER_KEY")
        .hasMessageContaining("backup");
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void wrongPassphrase_isOneClearLine() {
    source(EncryptedFixtures.passphraseEnv()).create(fx.keyring);

    assertThat(loadFails(Map.of(MasterKey.PASSPHRASE_VARIABLE, "not the passphrase at all")))
        .hasMessageContaining("wrong master key or damaged file");
  }

  @Test
  void passphraseFile_underAMasterKey_saysWhichSecretToSet() {
    source(EncryptedFixtures.passphraseEnv()).create(fx.keyring);

    assertThat(loadFails(fx.keyEnv()))
        .hasMessageContaining("is encrypted under a passphrase (Argon2id)")
        .hasMessageContaining(
            "set FIELDCRYPT_MASTER_PASSPHRASE or FIELDCRYPT_MASTER_PASSPHRASE_FILE");
  }

  @Test
  void everyFlippedBit_ofHeaderBodyAndTag_isRefused() throws IOException {
    createWithKey();
    byte[] good = Files.readAllBytes(file);
    for (int i = 0; i < good.length; i++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) bit;
        Files.write(file, bad);
        KeyringConfigException e = loadFails();
        if (i >= 12) { // salt, nonce, ciphertext, tag: only the tag can tell
          assertThat(e).as("byte %d", i).hasMessageContaining("wrong master key or damaged file");
        }
      }
    }
  }

  @Test
  void everyTruncation_isRefused() throws IOException {
    createWithKey();
    byte[] good = Files.readAllBytes(file);
    for (int n = 0; n < good.length; n++) {
      Files.write(file, Arrays.copyOf(good, n));
      KeyringConfigException e = loadFails();
      if (n >= 12 && n < 56) {
        assertThat(e).as("%d bytes", n).hasMessageContaining("is truncated");
      }
    }
  }

  @Test
  void unknownFormatVersion_isRefusedNamingIt() throws IOException {
    createWithKey();
    patch(8, (byte) 2);

    assertThat(loadFails())
        .hasMessageContaining("format version 2")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void unknownKdf_isRefusedNamingIt() throws IOException {
    createWithKey();
    patch(9, (byte) 9);

    assertThat(loadFails()).hasMessageContaining("KDF id 9").hasMessageContaining("upgrade");
  }

  @Test
  void kmsKdf_withoutItsParameters_isRefusedAsDamaged() throws IOException {
    createWithKey();
    patch(9, (byte) 3);

    assertThat(loadFails()).hasMessageContaining("malformed KMS parameters");
  }

  @Test
  void kdfParameterLength_notTheKdfs_isRefused() throws IOException {
    createWithKey();
    patch(11, (byte) 4);

    assertThat(loadFails())
        .hasMessageContaining("4 bytes of KDF parameters where KDF id 1 takes 0");
  }

  @Test
  void absurdArgon2Params_areRefusedBeforeAnyWork() throws IOException {
    source(EncryptedFixtures.passphraseEnv()).create(fx.keyring);
    byte[] good = Files.readAllBytes(file);
    int[][] hostile = {
      {-1, 1, 1}, // 4 GiB - 1 KiB of memory
      {(1 << 20) + 1, 1, 1}, // just over 1 GiB
      {1 << 20, 5, 1}, // 1 GiB x 5 passes: over the work limit
      {256, 1 << 30, 1}, // a billion passes
      {256, 0, 1},
      {256, 1, 0},
      {256, 1, 255},
      {4, 1, 1}, // under 8 KiB per lane
    };
    for (int[] p : hostile) {
      byte[] bad = good.clone();
      ByteBuffer.wrap(bad, 12, 12).putInt(p[0]).putInt(p[1]).putInt(p[2]);
      Files.write(file, bad);
      long start = System.nanoTime();
      assertThat(loadFails(EncryptedFixtures.passphraseEnv()))
          .as(Arrays.toString(p))
          .hasMessageContaining("asks for Argon2id beyond fieldcrypt's limits");
      assertThat(System.nanoTime() - start).as("refused at once").isLessThan(2_000_000_000L);
    }
  }

  @Test
  void notAnEncryptedFile_saysSo() throws IOException {
    KeyringFile.write(file, fx.keyring); // a plain dotenv file under the encrypted name

    assertThat(loadFails())
        .hasMessageContaining("is not an encrypted fieldcrypt keyring file")
        .hasMessageContaining("file:" + file);
  }

  @Test
  void plainSource_onAnEncryptedFile_namesTheEncryptedScheme() {
    createWithKey();

    assertThatThrownBy(() -> KeySources.open("file:" + file, fx.keyEnv()).load())
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("is an encrypted keyring file, not a plain one")
        .hasMessageContaining("encrypted-file:" + file);
  }

  @Test
  void missingFile_namesTheConversionCommand() {
    assertThat(loadFails())
        .hasMessageContaining("not found")
        .hasMessageContaining("encrypt-keyring");
  }

  @Test
  void hugeFile_isRefusedUnread() throws IOException {
    byte[] big = new byte[EncryptedKeyringFormat.MAX_FILE_BYTES + 1];
    System.arraycopy(EncryptedKeyringFormat.MAGIC, 0, big, 0, 8);
    Files.write(file, big);

    assertThat(loadFails()).hasMessageContaining("more than a keyring file can be");
  }

  @Test
  void mode644_isRefused_400IsAccepted() throws IOException {
    createWithKey();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(loadFails()).hasMessageContaining("chmod 600 " + file);

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(source(fx.keyEnv()).load().labels()).containsExactly("v1", "v2");
    source(fx.keyEnv()).update(k -> k.withActiveVersion(KeyVersion.generate("v3")));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void update_throughASymlink_rewritesTheTargetAndKeepsTheLink() throws IOException {
    Path master = Files.createDirectories(dir.resolve("master"));
    Path target = master.resolve("keyring.enc");
    EncryptedKeyringFile.createNew(target, fx.keyring, fx.key(), null);
    file = Files.createSymbolicLink(dir.resolve("linked.enc"), Path.of("master/keyring.enc"));

    KeyringChange c =
        source(fx.keyEnv()).update(k -> k.withActiveVersion(KeyVersion.generate("v3")));

    assertThat(Files.isSymbolicLink(file)).isTrue();
    assertThat(EncryptedKeyringFile.read(target, fx.key()).labels())
        .containsExactly("v1", "v2", "v3");
    assertThat(Path.of(c.previous()).getParent()).isEqualTo(master.toRealPath());
  }

  @Test
  void keySources_openTheScheme() {
    createWithKey();

    KeySource s = KeySources.open("encrypted-file:" + file, fx.keyEnv());

    assertThat(s).isInstanceOf(EncryptedFileKeySource.class);
    assertThat(s.writable()).isTrue();
    assertThat(s.describe()).isEqualTo("encrypted-file " + file + " + environment");
    assertThat(s.load().labels()).containsExactly("v1", "v2");
    assertThat(KeySources.open("encrypted-file://" + file, fx.keyEnv()).load().activeVersion())
        .isEqualTo("v2");
    assertThat(KeySources.schemes()).contains("file", "encrypted-file");
    assertThatThrownBy(() -> KeySources.open("encrypted-file:", fx.keyEnv()))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("names no file");
  }

  @Test
  void encrypt_convertsAPlainFile_andLeavesItInPlace() throws IOException {
    Path plain = dir.resolve(".env.crypto");
    KeyringFile.write(plain, fx.keyring);
    byte[] plainBytes = Files.readAllBytes(plain);

    EncryptedKeyringFile.Converted c =
        EncryptedKeyringFile.encrypt(plain, file, fx.key(), null, false);

    assertThat(c.backup()).isNull();
    assertThat(EncryptedFixtures.sameKeys(EncryptedKeyringFile.read(file, fx.key()), fx.keyring))
        .isTrue();
    assertThat(Files.readAllBytes(plain)).isEqualTo(plainBytes);
    assertThatThrownBy(() -> EncryptedKeyringFile.encrypt(plain, file, fx.key(), null, false))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("already exists");
    assertThat(EncryptedKeyringFile.encrypt(plain, file, fx.key(), null, true).backup())
        .isNotNull();
    assertThatThrownBy(() -> EncryptedKeyringFile.encrypt(plain, plain, fx.key(), null, true))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("the same file");
  }

  @Test
  void decrypt_writesAPlainFileWithMode600() throws IOException {
    createWithKey();
    Path plain = dir.resolve("out.env");

    EncryptedKeyringFile.decrypt(file, plain, fx.key(), false);

    assertThat(
            EncryptedFixtures.sameKeys(
                DotenvKeySource.builder().file(plain).environment(Map.of()).build().load(),
                fx.keyring))
        .isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)))
        .isEqualTo("rw-------");
    assertThatThrownBy(() -> EncryptedKeyringFile.decrypt(file, plain, fx.key(), false))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void changeMasterKey_reencryptsUnderTheNewSecret_andBacksUpUnderTheOld() throws IOException {
    createWithKey();

    EncryptedKeyringFile.Converted c =
        EncryptedKeyringFile.changeMasterKey(
            file, fx.key(), EncryptedFixtures.passphrase(), EncryptedFixtures.CHEAP);

    assertThat(EncryptedKeyringFile.read(file, EncryptedFixtures.passphrase()).labels())
        .containsExactly("v1", "v2");
    assertThat(loadFails()).hasMessageContaining("encrypted under a passphrase");
    assertThat(EncryptedKeyringFile.read(c.backup(), fx.key()).labels())
        .containsExactly("v1", "v2");
  }

  @Test
  void changeMasterKey_wrongOldKey_changesNothing() throws IOException {
    createWithKey();
    byte[] before = Files.readAllBytes(file);
    MasterKey wrong =
        MasterKey.fromEnvironment(Map.of("FIELDCRYPT_MASTER_KEY", EncryptedFixtures.randomKey()));

    assertThatThrownBy(
            () ->
                EncryptedKeyringFile.changeMasterKey(
                    file, wrong, EncryptedFixtures.passphrase(), EncryptedFixtures.CHEAP))
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("wrong master key or damaged file");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(KeyringBackups.of(file).list()).isEmpty();
  }

  @Test
  void shortPassphrase_isRefusedForANewFile() {
    Throwable t =
        catchThrowable(
            () -> source(Map.of(MasterKey.PASSPHRASE_VARIABLE, "short")).create(fx.keyring));

    assertThat(t)
        .isInstanceOf(KeyringConfigException.class)
        .hasMessageContaining("has 5 characters")
        .hasMessageContaining("at least 12");
    assertThat(t.getMessage()).doesNotContain("short");
    assertThat(file).doesNotExist();
  }

  @Test
  void reload_withAnotherPassphrase_missesTheDerivedKeyCache() {
    source(EncryptedFixtures.passphraseEnv()).create(fx.keyring);
    EncryptedFileKeySource s = source(EncryptedFixtures.passphraseEnv());

    assertThat(s.load().labels()).containsExactly("v1", "v2");
    assertThat(s.load().labels()).containsExactly("v1", "v2");
    assertThat(loadFails(Map.of(MasterKey.PASSPHRASE_VARIABLE, "another passphrase here")))
        .hasMessageContaining("wrong master key");
  }

  @Test
  void derivedKeyCache_hitsOnlyTheSameHeaderAndSecret() {
    DerivedKeyCache cache = new DerivedKeyCache();
    byte[] header = {2, 0, 12, 1, 2, 3};
    MasterKey pass = EncryptedFixtures.passphrase();
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);

    cache.put(header, pass, key);

    assertThat(cache.get(header.clone(), EncryptedFixtures.passphrase())).isEqualTo(key);
    assertThat(cache.get(new byte[] {2, 0, 12, 1, 2, 4}, pass)).isNull();
    assertThat(cache.get(header, MasterKey.ofPassphrase("another one here".toCharArray(), "t")))
        .isNull();
    assertThat(cache.get(header, fx.key())).isNull();
  }

  private void patch(int offset, byte value) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[offset] = value;
    Files.write(file, b);
  }
}
