package dev.fieldcrypt.core;

/**
 * The token that reading raw key material requires: {@link KeyVersion#keyBytes(SecretKeyAccess)}
 * and {@link KeyVersion#saltBytes(SecretKeyAccess)} take it, so that every place where a key leaves
 * the library names this class and a review (or an architecture test) finds them all. It grants
 * nothing by itself; it only makes the reads visible.
 *
 * <p>Only code that stores a keyring needs it: a key source writing its file or its secret store.
 * An application encrypting fields never does; it hands the {@link Keyring} to {@link FieldCipher}.
 *
 * <pre>{@code
 * byte[] key = version.keyBytes(SecretKeyAccess.get());   // a copy; wipe it when done
 * }</pre>
 */
public final class SecretKeyAccess {
  private static final SecretKeyAccess INSTANCE = new SecretKeyAccess();

  private SecretKeyAccess() {}

  /** The token. Call it only where key material must be stored; never to log or print it. */
  public static SecretKeyAccess get() {
    return INSTANCE;
  }

  @Override
  public String toString() {
    return "SecretKeyAccess";
  }
}
