package dev.fieldcrypt.jobs;

import javax.sql.DataSource;

/** The job tables of one database, and the connections to reach them. */
record JobTables(Db db, JobTable jobs, ChunkTable chunks, ErrorTable errors) {
  static JobTables over(DataSource dataSource) {
    Db db = new Db(dataSource);
    return new JobTables(db, new JobTable(db), new ChunkTable(db), new ErrorTable(db));
  }
}
