package dev.fieldcrypt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexSizeCommandTest {
  @Test
  void aMillionEmails_recommendsEighteenBits() {
    CliHarness.Result r =
        CliHarness.noTerminal()
            .run("index-size", "--rows", "1000000", "--distinct", "1000000")
            .succeeds();
    assertThat(r.out())
        .contains("Both rules allow: 10..18 bits")
        .contains("@SearchIndex(bits = 18)")
        .contains("reads about 4.8 rows");
  }

  @Test
  void fewDistinctValues_saysSearchLeaksThem() {
    CliHarness.Result r =
        CliHarness.noTerminal()
            .run("index-size", "--rows", "100000", "--distinct", "40")
            .succeeds();
    assertThat(r.out()).contains("no length").contains("too few");
  }

  @Test
  void moreDistinctThanRows_isAClearError() {
    CliHarness.Result r =
        CliHarness.noTerminal().run("index-size", "--rows", "10", "--distinct", "20");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("no more distinct values than rows");
  }
}
