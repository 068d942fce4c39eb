package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySourceProvider;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyringConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code encrypted-file} scheme of {@link KeySources}: {@code encrypted-file:PATH} (relative or
 * absolute, as written) or {@code encrypted-file:///absolute/path} opens an {@link
 * EncryptedFileKeySource} over that file and the given environment. Registered in {@code
 * META-INF/services/dev.fieldcrypt.core.KeySourceProvider}. Stateless and thread-safe.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("encrypted-file:/etc/app/keyring.enc");
 * }</pre>
 */
public final class EncryptedFileKeySourceProvider implements KeySourceProvider {
  /** For {@link java.util.ServiceLoader}. */
  public EncryptedFileKeySourceProvider() {}

  @Override
  public String scheme() {
    return EncryptedFileKeySource.SCHEME;
  }

  @Override
  public KeySource open(String location, Map<String, String> environment) {
    return EncryptedFileKeySource.builder().file(path(location)).environment(environment).build();
  }

  private static Path path(String location) {
    if (location.isBlank()) {
      throw new KeyringConfigException(
          "the key source 'encrypted-file:' names no file; write encrypted-file:PATH, e.g."
              + " encrypted-file:keyring.enc.");
    }
    try {
      return location.startsWith("//")
          ? Path.of(URI.create(KeySources.FILE_SCHEME + ":" + location))
          : Path.of(location);
    } catch (IllegalArgumentException e) { // InvalidPathException too
      throw new KeyringConfigException(
          "the key source 'encrypted-file:"
              + location
              + "' is not a valid path ("
              + e.getClass().getSimpleName()
              + "); write encrypted-file:PATH or encrypted-file:///absolute/path.",
          e);
    }
  }
}
