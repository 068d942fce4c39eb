package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.StoredValue;
import dev.fieldcrypt.jobs.TargetTable.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the values of a target's columns by the classification rule of docs/format.md, paging
 * through the table; nothing is decrypted. A searchable column's entry is followed by one for its
 * index column: index values per version (the label before {@code $}), nulls, and as damaged what
 * is not an index value. So {@link KeyRetirement} keeps a version that an index still uses.
 */
final class Stats {
  private static final int PAGE = 5000;

  private Stats() {}

  /**
   * @param keyringLabels the versions of the keyring in use, empty when the caller holds none (then
   *     only generated labels make a broken value damaged)
   */
  static List<TargetStats> of(Connection c, TargetTable table, Set<String> keyringLabels)
      throws SQLException {
    List<String> cols = table.target().columns();
    int n = cols.size();
    List<TreeMap<String, Long>> versions = new ArrayList<>();
    long[] plain = new long[n];
    long[] damaged = new long[n];
    long[] nulls = new long[n];
    for (int i = 0; i < n; i++) {
      versions.add(new TreeMap<>());
    }
    List<TreeMap<String, Long>> indexVersions = new ArrayList<>();
    long[] indexDamaged = new long[n];
    long[] indexNulls = new long[n];
    for (int i = 0; i < n; i++) {
      indexVersions.add(new TreeMap<>());
    }
    Object after = null;
    while (true) {
      List<Row> rows = table.page(c, after, null, PAGE);
      for (Row row : rows) {
        for (int i = 0; i < n; i++) {
          StoredValue v = StoredValue.parse(row.values()[i]);
          switch (v.classify(keyringLabels)) {
            case NULL -> nulls[i]++;
            case CIPHERTEXT, UNKNOWN_VERSION -> versions.get(i).merge(v.label(), 1L, Long::sum);
            case DAMAGED -> damaged[i]++;
            case PLAINTEXT -> plain[i]++;
          }
          if (table.indexColumn(i) != null) {
            String index = row.indexes()[i];
            String label = BlindIndex.versionOf(index);
            if (index == null) {
              indexNulls[i]++;
            } else if (label == null) {
              indexDamaged[i]++;
            } else {
              indexVersions.get(i).merge(label, 1L, Long::sum);
            }
          }
        }
      }
      if (rows.size() < PAGE) {
        break;
      }
      after = rows.get(rows.size() - 1).id();
    }
    List<TargetStats> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new TargetStats(cols.get(i), versions.get(i), plain[i], damaged[i], nulls[i]));
      if (table.indexColumn(i) != null) {
        out.add(
            new TargetStats(
                table.indexColumn(i), indexVersions.get(i), 0, indexDamaged[i], indexNulls[i]));
      }
    }
    return out;
  }
}
