package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.jobs.TargetTable.Row;
import dev.fieldcrypt.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compare-and-set of a searchable column, statement by statement: the index is written only
 * while the value is still the one read, whatever the index holds.
 */
class IndexCompareAndSetTest {
  private Fixture fx;
  private Users users;

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("idxcas")));
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private record W(Row row, String[] next, String[] nextIndex, boolean clear)
      implements TargetTable.Write {
    @Override
    public boolean clearsIndex(int column) {
      return clear;
    }
  }

  private static W write(long id, String read, String readIndex, String value, String index) {
    return new W(
        new Row(id, new String[] {read}, new String[] {readIndex}),
        new String[] {value},
        new String[] {index},
        false);
  }

  private static W clear(long id, String readIndex) {
    return new W(
        new Row(id, new String[] {null}, new String[] {readIndex}),
        new String[] {null},
        new String[] {null},
        true);
  }

  private List<TargetTable.Write> cas(TargetTable.Write... writes) throws Exception {
    try (Connection c = fx.db.connect()) {
      TargetTable table = TargetTable.check(c, Users.TARGET);
      return table.compareAndSet(c, List.of(writes));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void valueStillAsRead_writesValueAndIndex_otherwiseNothing(String name, TestDatabase db)
      throws Exception {
    fx = new Fixture(db);
    users = new Users(fx).seed(12, fx.onV2);
    String one = users.row(1).value();
    String newer = fx.onV2.encrypt("app@example.com", Users.CONTEXT);
    String newerIndex = fx.onV2.blindIndex("app@example.com", Users.CONTEXT, Users.SPEC);
    users.set(2, newer, newerIndex); // the application wrote row 2 after the job read it
    users.set(3, users.row(3).value(), null); // an index the job reads as missing ...
    String three = users.row(3).value();
    users.set(3, three, "v2$written-by-app"); // ... that the application set meanwhile

    W backfill = write(1, one, null, one, "v2$fromJob1");
    W stale = write(2, "v1:staleRead", "v1$old", "v2:fromJob", "v2$fromJob2");
    W indexChanged = write(3, three, null, three, "v2$fromJob3");
    List<TargetTable.Write> lost = cas(backfill, stale, indexChanged);

    assertThat(lost).containsExactly(stale);
    assertThat(users.row(1).index()).isEqualTo("v2$fromJob1");
    assertThat(users.row(2).value()).isEqualTo(newer);
    assertThat(users.row(2).index()).as("never overwritten").isEqualTo(newerIndex);
    assertThat(users.row(3).index())
        .as("the value decides: an index is a function of its value")
        .isEqualTo("v2$fromJob3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void staleIndexOfANullValue_isClearedOnlyWhileTheValueIsNull(String name, TestDatabase db)
      throws Exception {
    fx = new Fixture(db);
    users = new Users(fx).seed(20, fx.onV2);
    users.set(10, null, "v2$leftOver");
    String app = fx.onV2.encrypt("new@example.com", Users.CONTEXT);
    String appIndex = fx.onV2.blindIndex("new@example.com", Users.CONTEXT, Users.SPEC);
    users.set(20, app, appIndex); // the job read it null with a stale index; the app set it since

    W cleared = clear(10, "v2$leftOver");
    W raced = clear(20, "v2$leftOver");
    List<TargetTable.Write> lost = cas(cleared, raced);

    assertThat(lost).containsExactly(raced);
    assertThat(users.row(10).index()).isNull();
    assertThat(users.row(20).value()).isEqualTo(app);
    assertThat(users.row(20).index()).isEqualTo(appIndex);
  }
}
