package dev.fieldcrypt.sample;

import dev.fieldcrypt.jobs.JobError;
import dev.fieldcrypt.jobs.JobInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the demo ended, for its tests.
 *
 * @param interrupted the job as it stood when the demo interrupted it
 * @param finished the job after the resume
 * @param rowsPerVersion per encrypted column, rows per key version after the job
 * @param loadFailure what loading the tampered user through Hibernate raised
 * @param valuesUnchanged whether every readable user decrypts to what it did before the job
 * @param lookups users looked up by their encrypted e-mail, before, during and after the job
 * @param lookupMisses lookups that did not find their user, or found another
 */
record DemoResult(
    Path dir,
    Path keyringFile,
    String jdbcUrl,
    JobInfo interrupted,
    JobInfo finished,
    Map<String, Map<String, Long>> rowsPerVersion,
    List<JobError> errors,
    String loadFailure,
    boolean valuesUnchanged,
    long liveSwitchMillis,
    long switchUsers,
    long lookups,
    long lookupMisses) {}
