package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job's stored columns and contexts round-trip any string, and old specs are still read. */
class ColumnsSpecTest {
  @Test
  void write_thenRead_roundTripsContextsWithEveryAwkwardCharacter() {
    List<String> contexts =
        List.of(
            "app\\new.ctx",
            "a=b",
            "x,y",
            "say \"hi\"",
            "line1\nline2\r\tend",
            "ção 𝄞 日本",
            "\\n literally",
            "\u0001ctl",
            "{\"json\":1}");
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < contexts.size(); i++) {
      columns.put("c" + i, contexts.get(i));
    }
    String spec = ColumnsSpec.write(columns);
    assertThat(spec).doesNotContain("\n");
    assertThat(ColumnsSpec.read(spec)).containsExactlyEntriesOf(columns);

    ReencryptTarget t = ReencryptTarget.of("users", "id");
    for (Map.Entry<String, String> e : columns.entrySet()) {
      t = t.column(e.getKey(), e.getValue());
    }
    ReencryptTarget back = ReencryptTarget.fromStored("users", "id", t.columnsSpec());
    assertThat(back).isEqualTo(t);
    assertThat(back.contextOf("c0")).isEqualTo("app\\new.ctx");
  }

  @Test
  void read_legacyLineSpec_stillWorks() {
    assertThat(ColumnsSpec.read("otp=users.otp\nnote=a\\\\b\\nc\n"))
        .containsExactly(Map.entry("otp", "users.otp"), Map.entry("note", "a\\b\nc"));
  }

  @Test
  void read_damagedJson_failsWithARemedy() {
    assertThatThrownBy(() -> ColumnsSpec.read("{\"otp\":\"users.otp"))
        .isInstanceOf(ReencryptJobException.class)
        .hasMessageContaining("cancel the job");
  }
}
