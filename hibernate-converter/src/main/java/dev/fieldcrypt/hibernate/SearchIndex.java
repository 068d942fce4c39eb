package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.Normalization;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} attribute as the blind index of an {@link Encrypted} attribute of the same
 * entity, which makes that attribute searchable by equality. fieldcrypt fills it on every insert,
 * and on every update that changes the encrypted attribute, with {@code <version>$<base64url>}
 * (HMAC-SHA256 of the normalized value under the search key of the version the value is written
 * with; see docs/format.md); the application never sets it.
 *
 * <pre>{@code
 * @Entity @Table(name = "users")
 * class User {
 *   @Id Long id;
 *   @Encrypted @Column(length = 300) String email;
 *   @SearchIndex(of = "email", normalize = {NFC, TRIM, LOWERCASE})
 *   @Column(name = "email_bidx", length = 80, unique = true) String emailIndex;
 * }
 *
 * List<User> found = EncryptedSearch.find(session, User.class, "email", "Alice@Example.com");
 * }</pre>
 *
 * <p>An equality lookup computes the index of the searched value under every version of the
 * keyring, so it finds rows before, during and after a rotation; a re-encryption job rewrites the
 * index with the value. The column needs {@link BlindIndex#MAX_LENGTH} characters (declare {@code
 * length = 80}); it may be {@code unique} only when the index is exact ({@link #bits()} 256).
 *
 * <p>What it leaks: which rows hold equal values (after normalization), hence how often each value
 * occurs. {@link #bits()} below 256 blurs that (values share index values by chance) at the cost of
 * reading and dropping false positives on each lookup; {@link dev.fieldcrypt.core.BlindIndexSizing}
 * recommends a number. See docs/searchable-fields.md.
 */
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface SearchIndex {
  /** The name of the {@link Encrypted} {@code String} attribute this index makes searchable. */
  String of();

  /** The bits of the HMAC kept, 8 to 256; 256 (exact) by default. */
  int bits() default BlindIndex.EXACT_BITS;

  /** The normalization applied before indexing and at query time; none by default. */
  Normalization[] normalize() default {};
}
