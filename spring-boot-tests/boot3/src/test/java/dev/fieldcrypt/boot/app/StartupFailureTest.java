package dev.fieldcrypt.boot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad keyring gives one readable startup report: fieldcrypt's message and the remedy. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {
  static final TestDatabase DB = TestDatabase.postgres().isolatedSchema("boot_fail");

  @Test
  void missingKeyringFile_failureReportNamesTheFileAndTheProperty(CapturedOutput output) {
    Path missing = Path.of("/nonexistent/fieldcrypt/.env.crypto");

    assertThatThrownBy(() -> TestApp.start(DB, missing).close()).isInstanceOf(Exception.class);

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("fieldcrypt: cannot load the fieldcrypt keyring from file " + missing)
        .contains("property 'fieldcrypt.keyring.file'")
        .contains("Action:")
        .contains("fieldcrypt generate");
  }

  @Test
  void emptyKeyringFileProperty_failureReportSaysItIsEmpty(CapturedOutput output) {
    assertThatThrownBy(() -> TestApp.start(DB, null, "fieldcrypt.keyring.file=").close())
        .isInstanceOf(Exception.class);

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("property 'fieldcrypt.keyring.file' is empty");
  }
}
