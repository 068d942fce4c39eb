package dev.fieldcrypt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering of this module, read from the compiled classes: a class names every class it
 * refers to in its constant pool, as {@code dev/fieldcrypt/core/dotenv/...}.
 */
class PackageDependenciesTest {
  private static Path classes() throws URISyntaxException {
    return Path.of(Keyring.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<Path> classFilesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
  }

  private static boolean mentions(Path classFile, String internalName) {
    try {
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
          .contains(internalName);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void core_neverRefersToTheDotenvPackage() throws Exception {
    Path root = classes();
    List<Path> model = classFilesIn(root.resolve("dev/fieldcrypt/core"));
    List<Path> internal = classFilesIn(root.resolve("dev/fieldcrypt/core/internal"));

    assertThat(model).extracting(p -> p.getFileName().toString()).contains("Keyring.class");
    assertThat(Stream.concat(model.stream(), internal.stream()))
        .noneMatch(p -> mentions(p, "dev/fieldcrypt/core/dotenv"));
  }

  @Test
  void dotenvPackage_neverRefersToItsInternalPackage() throws Exception {
    List<Path> dotenv = classFilesIn(classes().resolve("dev/fieldcrypt/core/dotenv"));

    assertThat(dotenv)
        .isNotEmpty()
        .noneMatch(p -> mentions(p, "dev/fieldcrypt/core/dotenv/internal"));
  }
}
