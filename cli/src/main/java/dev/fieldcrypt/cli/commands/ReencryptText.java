package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.cli.options.TargetOptions;
import dev.fieldcrypt.cli.output.JobText;
import dev.fieldcrypt.cli.output.Ui;
import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.ReencryptTarget;
import java.util.stream.Collectors;

/** What {@code reencrypt} tells the operator before and after a job: the plan, the question. */
public final class ReencryptText {
  private final Ui ui;
  private final String url;
  private final String keyringName;
  private final String keyringOption;

  /**
   * @param url the database URL as it may be shown (no password)
   */
  public ReencryptText(Ui ui, String url, KeyringStore keyring) {
    this.ui = ui;
    this.url = url;
    this.keyringName = keyring.name();
    this.keyringOption = keyring.option();
  }

  public String url() {
    return url;
  }

  /** Where, what and to which version; for a job to resume, that job. */
  public void plan(Keyring k, ReencryptTarget target, JobInfo existing) {
    ui.line("Database: " + url);
    ui.line("Keyring: " + keyringName + " (active version " + k.activeVersion() + ")");
    ui.line("Target: " + TargetOptions.describe(target));
    ui.line(
        "Contexts: "
            + target.columns().stream()
                .map(c -> c + "=" + target.contextOf(c))
                .collect(Collectors.joining(", ")));
    if (existing == null) {
      ui.line("Target version: " + k.activeVersion());
      return;
    }
    ui.line("Resuming: " + JobText.describe(existing));
    if (existing.encryptPlaintext()) {
      ui.info("This job encrypts plaintext values (it was created with --encrypt-plaintext).");
    }
  }

  /** The confirmation question before rows are rewritten. */
  public String question(ReencryptTarget target, JobInfo existing, String version) {
    if (existing != null) {
      return "Resume job "
          + existing.id()
          + " ("
          + TargetOptions.describe(existing.target())
          + " -> "
          + version
          + ") in "
          + url
          + "? Rows are rewritten in place.";
    }
    return "Re-encrypt "
        + TargetOptions.describe(target)
        + " to version "
        + version
        + " in "
        + url
        + "? Rows are rewritten in place.";
  }

  /** After a job that wrote: check with stats, then retire old versions. */
  public void nextSteps(JobInfo end) {
    ReencryptTarget t = end.target();
    String where =
        " --jdbc-url '"
            + url
            + "' --table "
            + t.table()
            + (t.idColumn().equals("id") ? "" : " --id-column " + t.idColumn())
            + t.columns().stream().map(c -> " --column " + c).collect(Collectors.joining())
            + TargetOptions.searchIndexOptions(t);
    ui.nextSteps(
        "Check that every row is on " + end.targetVersion() + ": fieldcrypt stats" + where,
        "Re-encrypt the other tables and columns that use old versions the same way",
        "Then retire the versions no row uses: fieldcrypt cleanup-keys "
            + keyringOption
            + where
            + " --dry-run");
  }
}
