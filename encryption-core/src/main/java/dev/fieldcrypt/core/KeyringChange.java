package dev.fieldcrypt.core;

/**
 * What a write to a {@link KeySource} did: the keyring the store held before (null when it held
 * none), the one it holds now, whether anything was written, and where the previous keyring can be
 * restored from ({@code previous}: a backup file's path, {@code "version 7 of vault secret/app"};
 * null when nothing was replaced). {@link Keyring#toString()} shows no material, so neither does
 * this record's.
 */
public record KeyringChange(Keyring before, Keyring after, boolean written, String previous) {

  /** A change that wrote nothing: {@code keyring} stays as it was. */
  public static KeyringChange unchanged(Keyring keyring) {
    return new KeyringChange(keyring, keyring, false, null);
  }

  /** Whether the store was written. */
  public boolean changed() {
    return written;
  }
}
