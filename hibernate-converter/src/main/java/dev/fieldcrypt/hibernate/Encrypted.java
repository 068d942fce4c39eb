package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.hibernate.internal.EncryptedBinder;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.hibernate.annotations.AttributeBinderType;

/**
 * Stores an entity attribute encrypted — {@code String}, {@code byte[]}, {@code char[]}, the
 * integral and floating types, {@code BigInteger}, {@code BigDecimal}, {@code Character}, {@code
 * UUID} and the {@code java.time} types (not yet {@code Boolean} or enums) —: the column holds
 * {@code <version>:<base64>} (AES-256-GCM under the keyring's active version), the entity sees
 * plaintext.
 *
 * <pre>{@code
 * @Entity @Table(name = "users")
 * class User {
 *   @Id Long id;
 *   @Encrypted String otpSecret;                                  // context "users.otp_secret"
 *   @Encrypted(context = "users.api_token") @Column(name = "token_v2", length = 512) String apiToken;
 * }
 * }</pre>
 *
 * <p>The value is bound to its <em>context</em>, by default {@code table.column} as mapped
 * (lower-cased, after the physical naming strategy): a value copied into another column fails to
 * decrypt. Set {@link #context()} to keep a context stable across a column rename.
 *
 * <p>{@code null} stays {@code null}; the empty string round-trips. Equality queries on an
 * encrypted attribute never match (each encryption is randomized): give it a {@link SearchIndex}
 * and look it up with {@link EncryptedSearch}. The column must be a character type wide enough for
 * {@code L + 1 + 4·⌈(28 + n) / 3⌉} characters for an {@code n}-byte value under an {@code
 * L}-character version label; a value that does not fit a declared {@code @Column(length)} fails
 * with {@link EncryptedValueTooLongException}.
 *
 * <p>The keyring comes from the Hibernate settings, see {@link FieldcryptSettings}.
 */
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@AttributeBinderType(binder = EncryptedBinder.class)
public @interface Encrypted {

  /**
   * The associated-data context; empty (the default) means {@code table.column} of the mapping,
   * lower-cased. Changing it makes existing values undecryptable: pin it before renaming a column.
   */
  String context() default "";
}
