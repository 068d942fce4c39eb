package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.Keyring;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which key versions a keyring can drop, judged by the rows that still use them.
 *
 * <p>The rule: the active version and the newest {@code keepNewest} versions (in keyring order, the
 * order rotations append them in) are kept. Every other version is a candidate; a candidate that no
 * counted row uses is {@linkplain #removable() removable}, one that some row still uses is
 * {@linkplain #inUse() in use} and must be kept until those rows are re-encrypted. Only the columns
 * the {@link TargetStats} were taken from are known: a version another table still uses looks
 * unused here, so plan over every encrypted column of the application before removing anything. The
 * stats of a target with {@linkplain ReencryptTarget#searchIndex search indexes} include its index
 * columns, so a version that only an index still holds is in use too.
 *
 * <p>Immutable. Holds labels and counts, never key material.
 *
 * <pre>{@code
 * KeyRetirement plan = KeyRetirement.plan(keyring, admin.stats(target), 3);
 * if (!plan.removable().isEmpty()) {
 *   KeyringFile.update(file, k -> k.without(plan.removable()));   // dev.fieldcrypt.core.dotenv
 * }
 * }</pre>
 *
 * @param kept the versions kept by the rule (active and newest), in keyring order
 * @param removable candidates no counted row uses, in keyring order
 * @param inUse candidates some rows still use, with the number of those rows (over all columns)
 * @param unknown versions found in rows that the keyring does not hold, with their row counts:
 *     those values cannot be decrypted with this keyring
 */
public record KeyRetirement(
    List<String> kept, List<String> removable, Map<String, Long> inUse, Map<String, Long> unknown) {

  public KeyRetirement {
    kept = List.copyOf(kept);
    removable = List.copyOf(removable);
    inUse = Collections.unmodifiableMap(new LinkedHashMap<>(inUse));
    unknown = Collections.unmodifiableMap(new TreeMap<>(unknown));
  }

  /**
   * Plans the retirement of {@code keyring}'s old versions given how many rows use each version.
   *
   * @param usage the version counts of every column to take into account
   * @param keepNewest how many of the newest versions to keep regardless of use, at least 1
   * @throws InvalidArgumentException when {@code keepNewest} is below 1
   */
  public static KeyRetirement plan(Keyring keyring, List<TargetStats> usage, int keepNewest) {
    if (keepNewest < 1) {
      throw new InvalidArgumentException(
          "the number of newest versions to keep must be at least 1, got " + keepNewest);
    }
    Map<String, Long> rows = rowsPerVersion(usage);
    List<String> labels = keyring.labels();
    Set<String> kept = new LinkedHashSet<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (label.equals(keyring.activeVersion()) || i >= labels.size() - keepNewest) {
        kept.add(label);
      }
    }
    List<String> removable = new ArrayList<>();
    Map<String, Long> inUse = new LinkedHashMap<>();
    for (String label : labels) {
      if (!kept.contains(label)) {
        long n = rows.getOrDefault(label, 0L);
        if (n == 0) {
          removable.add(label);
        } else {
          inUse.put(label, n);
        }
      }
    }
    Map<String, Long> unknown = new TreeMap<>(rows);
    unknown.keySet().removeAll(labels);
    return new KeyRetirement(new ArrayList<>(kept), removable, inUse, unknown);
  }

  /** Whether some old version beyond the kept ones is still used and so cannot be retired yet. */
  public boolean blocked() {
    return !inUse.isEmpty();
  }

  /** Rows per version label, summed over the columns of {@code usage}. */
  public static Map<String, Long> rowsPerVersion(List<TargetStats> usage) {
    Map<String, Long> rows = new TreeMap<>();
    for (TargetStats s : usage) {
      s.rowsPerVersion().forEach((v, n) -> rows.merge(v, n, Long::sum));
    }
    return rows;
  }
}
