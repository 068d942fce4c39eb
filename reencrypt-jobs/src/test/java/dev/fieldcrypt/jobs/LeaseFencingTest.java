package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fieldcrypt.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A worker that stalls past its lease and wakes after a takeover can no longer record progress. */
class LeaseFencingTest {
  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", TestDatabase.h2()),
        Arguments.of("postgresql", TestDatabase.postgres().isolatedSchema("fence")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void staleWorker_afterTakeover_cannotCheckpoint(String name, TestDatabase db) throws Exception {
    try (Fixture fx = new Fixture(db).seed(50)) {
      long jobId = fx.jobs().create(Fixture.TARGET, JobOptions.defaults());
      ChunkTable store = new ChunkTable(new Db(fx.dataSource));
      Duration lease = Duration.ofMinutes(1);

      Chunk a = store.claim(jobId, "worker-a", lease, IdType.LONG).orElseThrow();
      assertThat(store.claim(jobId, "worker-b", lease, IdType.LONG))
          .as("a live lease is not taken over")
          .isEmpty();
      Thread.sleep(20);
      Optional<Chunk> b = store.claim(jobId, "worker-b", Duration.ofMillis(1), IdType.LONG);
      assertThat(b).as("an expired lease is taken over").isPresent();
      assertThat(b.get().epoch()).isEqualTo(a.epoch() + 1);

      try (Connection c = fx.dataSource.getConnection()) {
        c.setAutoCommit(false);
        assertThat(store.checkpointChunk(c, a, 10L, new Counts(), false, IdType.LONG)).isFalse();
        assertThat(store.checkpointChunk(c, b.get(), 10L, new Counts(), false, IdType.LONG))
            .isTrue();
        c.commit();
      }
    }
  }
}
