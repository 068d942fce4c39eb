package dev.fieldcrypt.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the files that hold credentials: the token file, a secret id, a service-account JWT. */
final class VaultFiles {
  private VaultFiles() {}

  /**
   * The stripped content of {@code file}, which {@code variable} named.
   *
   * @throws VaultAuthenticationException when it cannot be read or is empty (naming the path and
   *     variable, never the content)
   */
  static String readSecret(Path file, String variable) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      throw new VaultAuthenticationException(
          variable
              + " names "
              + file
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + "). Check the path and that this process may read it.",
          e);
    }
    if (content.isEmpty()) {
      throw new VaultAuthenticationException(
          variable + " names " + file + ", which is empty; write the credential there.");
    }
    return content;
  }
}
