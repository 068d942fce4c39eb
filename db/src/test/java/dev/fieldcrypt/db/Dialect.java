package dev.fieldcrypt.db;

import dev.fieldcrypt.testing.TestDatabase;

/** The databases every test in this module runs on. PostgreSQL is never skipped. */
enum Dialect {
  H2,
  POSTGRESQL;

  /** A database nobody else uses: a private H2, or a fresh schema on the test PostgreSQL. */
  TestDatabase fresh() {
    return this == H2 ? TestDatabase.h2() : TestDatabase.postgres().isolatedSchema("db");
  }
}
