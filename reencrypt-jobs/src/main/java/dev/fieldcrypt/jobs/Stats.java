package dev.fieldcrypt.jobs;

import dev.fieldcrypt.core.FieldCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Counts values per key version by paging through the table; nothing is decrypted. */
final class Stats {
  private static final int PAGE = 5000;

  private Stats() {}

  static List<TargetStats> of(Connection c, ReencryptTarget t, IdType idType) throws SQLException {
    List<String> cols = t.columns();
    List<TreeMap<String, Long>> versions = new ArrayList<>();
    long[] plain = new long[cols.size()];
    long[] nulls = new long[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      versions.add(new TreeMap<>());
    }
    String select =
        "SELECT " + t.idColumn() + ", " + String.join(", ", cols) + " FROM " + t.table();
    Object after = null;
    while (true) {
      String sql =
          select
              + (after == null ? "" : " WHERE " + t.idColumn() + " > ?")
              + " ORDER BY "
              + t.idColumn()
              + " LIMIT "
              + PAGE;
      int rows = 0;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (after != null) {
          idType.bind(ps, 1, after);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows++;
            after = idType.read(rs, 1);
            for (int i = 0; i < cols.size(); i++) {
              String v = rs.getString(i + 2);
              if (v == null) {
                nulls[i]++;
              } else if (FieldCipher.looksLikeCiphertext(v)) {
                versions.get(i).merge(v.substring(0, v.indexOf(':')), 1L, Long::sum);
              } else {
                plain[i]++;
              }
            }
          }
        }
      }
      if (rows < PAGE) {
        break;
      }
    }
    List<TargetStats> out = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      out.add(new TargetStats(cols.get(i), versions.get(i), plain[i], nulls[i]));
    }
    return out;
  }
}
