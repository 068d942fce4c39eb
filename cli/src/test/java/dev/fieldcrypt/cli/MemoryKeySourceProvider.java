package dev.fieldcrypt.cli;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySourceProvider;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.core.KeyringChange;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.core.KeyringConflictException;
import dev.fieldcrypt.core.dotenv.KeyringEntries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A remote-like store for the CLI's tests: {@code memory:NAME} keeps a keyring's fields in this
 * JVM, versioned, with check-and-set writes, the way Vault's KV v2 and the cloud stores do — so the
 * commands' path for stores that are not local files is tested without a server. {@code
 * memory:ro-NAME} is read-only. Registered in {@code META-INF/services} of the test classpath.
 */
public final class MemoryKeySourceProvider implements KeySourceProvider {
  /** What a store holds: its fields and their version (1 for the first write). */
  record Stored(int version, Map<String, String> fields) {}

  static final Map<String, Stored> STORES = new ConcurrentHashMap<>();

  /** Set to run before each write's check-and-set, to let a test write concurrently. */
  static volatile Runnable beforeWrite = () -> {};

  @Override
  public String scheme() {
    return "memory";
  }

  @Override
  public KeySource open(String location, Map<String, String> environment) {
    return new Source(location, environment);
  }

  static void reset() {
    STORES.clear();
    beforeWrite = () -> {};
  }

  static void put(String name, Keyring keyring) {
    Stored old = STORES.get(name);
    STORES.put(
        name, new Stored(old == null ? 1 : old.version() + 1, KeyringEntries.toFields(keyring)));
  }

  static Keyring get(String name) {
    Stored s = STORES.get(name);
    return s == null ? null : KeyringEntries.fromFields(s.fields(), name, Map.of());
  }

  private record Source(String name, Map<String, String> env) implements KeySource {
    @Override
    public Keyring load() {
      Stored s = STORES.get(name);
      if (s == null) {
        throw new KeyringConfigException("memory:" + name + " holds no keyring");
      }
      return KeyringEntries.fromFields(s.fields(), "memory:" + name, env);
    }

    @Override
    public String describe() {
      return "memory " + name + " + environment";
    }

    @Override
    public boolean writable() {
      return !name.startsWith("ro-");
    }

    @Override
    public KeyringChange update(UnaryOperator<Keyring> change) {
      Stored s = STORES.get(name);
      if (s == null) {
        throw new KeyringConfigException("memory:" + name + " holds no keyring");
      }
      Keyring before = KeyringEntries.fromFields(s.fields(), "memory:" + name, Map.of());
      Keyring after = change.apply(before);
      if (after == before) {
        return KeyringChange.unchanged(before);
      }
      write(s, after);
      return new KeyringChange(
          before, after, true, "version " + s.version() + " of memory:" + name);
    }

    @Override
    public KeyringChange create(Keyring keyring) {
      beforeWrite.run();
      if (STORES.putIfAbsent(name, new Stored(1, KeyringEntries.toFields(keyring))) != null) {
        throw new KeyringConflictException("memory:" + name + " already holds a keyring");
      }
      return new KeyringChange(null, keyring, true, null);
    }

    @Override
    public KeyringChange replace(Keyring keyring) {
      Stored s = STORES.get(name);
      if (s == null) {
        return create(keyring);
      }
      write(s, keyring);
      return new KeyringChange(
          null, keyring, true, "version " + s.version() + " of memory:" + name);
    }

    private void write(Stored read, Keyring keyring) {
      beforeWrite.run();
      Stored next = new Stored(read.version() + 1, KeyringEntries.toFields(keyring));
      if (!STORES.replace(name, read, next)) {
        throw new KeyringConflictException(
            "memory:" + name + " changed since it was read; run the command again");
      }
    }
  }
}
