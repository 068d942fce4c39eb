package dev.fieldcrypt.core.dotenv;

import dev.fieldcrypt.core.KeySource;
import dev.fieldcrypt.core.KeySourceProvider;
import dev.fieldcrypt.core.KeySources;
import dev.fieldcrypt.core.KeyringConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code file} scheme of {@link KeySources}: {@code file:PATH} (relative or absolute, as
 * written) or {@code file:///absolute/path} (an RFC 8089 URI, percent-decoded) opens a {@link
 * DotenvKeySource} over that file and the given environment, with the permission check on.
 * Registered in {@code META-INF/services/dev.fieldcrypt.core.KeySourceProvider}. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * KeySource source = KeySources.open("file:/etc/app/.env.crypto");
 * }</pre>
 */
public final class DotenvKeySourceProvider implements KeySourceProvider {
  /** For {@link java.util.ServiceLoader}. */
  public DotenvKeySourceProvider() {}

  @Override
  public String scheme() {
    return KeySources.FILE_SCHEME;
  }

  @Override
  public KeySource open(String location, Map<String, String> environment) {
    return DotenvKeySource.builder().file(path(location)).environment(environment).build();
  }

  private static Path path(String location) {
    if (location.isBlank()) {
      throw new KeyringConfigException(
          "the key source 'file:' names no file; write file:PATH, e.g. file:.env.crypto.");
    }
    try {
      return location.startsWith("//")
          ? Path.of(URI.create(KeySources.FILE_SCHEME + ":" + location))
          : Path.of(location);
    } catch (IllegalArgumentException e) { // InvalidPathException too {
      throw new KeyringConfigException(
          "the key source 'file:"
              + location
              + "' is not a valid path ("
              + e.getClass().getSimpleName()
              + "); write file:PATH or file:///absolute/path.",
          e);
    }
  }
}
