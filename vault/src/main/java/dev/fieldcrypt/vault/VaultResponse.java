package dev.fieldcrypt.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of Vault: the status and the JSON body ({@link MissingNode} when empty or not JSON).
 * Its {@link #toString()} shows the status and Vault's error strings only, never the body (which
 * holds tokens and secret data).
 */
record VaultResponse(int status, JsonNode json) {

  boolean ok() {
    return status >= 200 && status < 300;
  }

  /** Vault's {@code errors} array, e.g. {@code ["permission denied"]}. */
  List<String> errors() {
    List<String> out = new ArrayList<>();
    for (JsonNode e : json.path("errors")) {
      out.add(e.asText());
    }
    return out;
  }

  /** Whether an error string contains {@code text}, case-insensitively. */
  boolean errorMentions(String text) {
    return errors().stream().anyMatch(e -> e.toLowerCase(java.util.Locale.ROOT).contains(text));
  }

  @Override
  public String toString() {
    return "HTTP " + status + (errors().isEmpty() ? "" : " " + errors());
  }
}
