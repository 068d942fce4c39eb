package dev.fieldcrypt.cli.commands;

import dev.fieldcrypt.cli.ExitCodes;
import dev.fieldcrypt.cli.options.KeyringOptions;
import dev.fieldcrypt.cli.options.KeyringStore;
import dev.fieldcrypt.core.Keyring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fieldcrypt list}: the versions, the active one, and where each came from. */
@Command(
    name = "list",
    description = {
      "List the key versions, mark the active one, and show where each came from (the file or an"
          + " environment variable).",
      "Never shows key material."
    })
public final class ListCommand extends BaseCommand {
  @Mixin KeyringOptions keyring;

  @Override
  protected int execute() {
    KeyringStore store = keyring.store(context().environment());
    Keyring k = store.load();
    int width = k.labels().stream().mapToInt(String::length).max().orElse(0);
    ui().line("Active version: " + k.activeVersion());
    ui().blank();
    ui().line("Versions (" + k.labels().size() + "):");
    for (String label : k.labels()) {
      String mark = label.equals(k.activeVersion()) ? "[ACTIVE]" : "";
      ui().line(String.format("  - %-" + width + "s %-8s  from %s", label, mark, k.origin(label)));
    }
    ui().blank();
    ui().info("Loaded from: " + store.source().describe());
    return ExitCodes.OK;
  }
}
