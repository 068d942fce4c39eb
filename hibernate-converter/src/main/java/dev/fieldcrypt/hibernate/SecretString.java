package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.FieldCipher;
import dev.fieldcrypt.core.InvalidArgumentException;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

/**
 * An encrypted text attribute that is decrypted on first access, once: what a field loaded far more
 * often than read wants (a list page of users never shows their OTP secret). Declare it
 * {@code @Encrypted SecretString otpSecret}: loading an entity keeps the stored value as it is,
 * {@link #reveal()} decrypts it, and saving an unchanged one writes the stored value back without
 * encrypting again. {@link #toString()} never shows the plaintext, so it cannot reach a log by
 * accident.
 *
 * <pre>{@code
 * user.otpSecret = SecretString.of("JBSWY3DPEHPK3PXP");   // a new value
 * String otp = user.otpSecret.reveal();                    // decrypted here, once
 * }</pre>
 *
 * <p>Immutable (set a new instance to change the value) and thread-safe; not serializable (it would
 * carry the plaintext or a cipher). Two instances are equal when they hold the same stored value,
 * or, for new values, the same plaintext.
 */
@Immutable
public final class SecretString {
  private final String stored;
  private final FieldCipher cipher;
  private final String context;
  private volatile String plaintext;

  private SecretString(String stored, FieldCipher cipher, String context, String plaintext) {
    this.stored = stored;
    this.cipher = cipher;
    this.context = context;
    this.plaintext = plaintext;
  }

  /**
   * A new value, encrypted when its entity is saved.
   *
   * @throws InvalidArgumentException when {@code plaintext} is null (use a null attribute)
   */
  public static SecretString of(String plaintext) {
    if (plaintext == null) {
      throw new InvalidArgumentException(
          "a SecretString holds a value; for none, set the attribute to null");
    }
    return new SecretString(null, null, null, plaintext);
  }

  /** A value as loaded: decrypted by {@link #reveal()}. */
  static SecretString loaded(String stored, FieldCipher cipher, String context) {
    return new SecretString(stored, cipher, context, null);
  }

  /**
   * The plaintext, decrypted on the first call (later calls return it without decrypting).
   *
   * @throws dev.fieldcrypt.core.DecryptionFailedException when the stored value does not decrypt
   */
  public String reveal() {
    String p = plaintext;
    if (p == null) {
      p = cipher.decrypt(stored, context);
      plaintext = p;
    }
    return p;
  }

  /** Whether the plaintext is at hand: a new value, or a loaded one already revealed. */
  public boolean isRevealed() {
    return plaintext != null;
  }

  /** The stored value this instance was loaded from, when it was written back unchanged. */
  String storedFor(String context) {
    return stored != null && context.equals(this.context) ? stored : null;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SecretString other)) {
      return false;
    }
    if (stored != null || other.stored != null) {
      return Objects.equals(stored, other.stored);
    }
    return plaintext.equals(other.plaintext);
  }

  @Override
  public int hashCode() {
    return stored != null ? stored.hashCode() : plaintext.hashCode();
  }

  /** Never the plaintext: {@code SecretString[revealed]} or {@code SecretString[not revealed]}. */
  @Override
  public String toString() {
    return "SecretString[" + (isRevealed() ? "revealed" : "not revealed") + "]";
  }
}
