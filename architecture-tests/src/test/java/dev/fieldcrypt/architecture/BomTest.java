package dev.fieldcrypt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM names every module that publishes a library artifact (and nothing else), at the project's
 * version, so that a user who imports it gets one version of everything.
 */
class BomTest {
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT =
      Pattern.compile("<artifactId>(fieldcrypt-[a-z0-9-]+)</artifactId>");

  @Test
  void bomListsEveryPublishedModule_atTheProjectsVersion() throws IOException {
    Path root = Path.of("..");
    String rootPom = Files.readString(root.resolve("pom.xml"));
    List<String> published = new ArrayList<>();
    Matcher modules = MODULE.matcher(rootPom);
    while (modules.find()) {
      String module = modules.group(1);
      if (module.equals("bom")) {
        continue;
      }
      String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
      boolean notLibrary = pom.contains("<fieldcrypt.notLibrary>true</fieldcrypt.notLibrary>");
      boolean noDeploy = pom.contains("<maven.deploy.skip>true</maven.deploy.skip>");
      String afterParent = pom.substring(pom.indexOf("</parent>"));
      Matcher artifact = ARTIFACT.matcher(afterParent);
      assertThat(artifact.find()).as(module).isTrue();
      if ((!notLibrary || module.equals("cli")) && !noDeploy) {
        published.add(artifact.group(1));
      }
    }
    String bom = Files.readString(root.resolve("bom/pom.xml"));
    List<String> listed = new ArrayList<>();
    Matcher m = ARTIFACT.matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
    assertThat(published).contains("fieldcrypt-encryption-core", "fieldcrypt-hibernate-converter");
    String version = rootPom.replaceAll("(?s).*?<version>([^<]+)</version>.*", "$1");
    assertThat(bom).contains("<version>" + version + "</version>");
  }
}
