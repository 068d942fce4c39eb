package dev.fieldcrypt.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The keyring-free half of the jobs API, now part of the one front door.
 *
 * @deprecated use {@link ReencryptJobs#create(DataSource)}, which offers every method of this class
 *     under the same name; this alias delegates to it
 */
@Deprecated
public final class JobAdmin {
  private final ReencryptJobs jobs;

  private JobAdmin(ReencryptJobs jobs) {
    this.jobs = jobs;
  }

  /** See {@link ReencryptJobs#create(DataSource)}. */
  public static JobAdmin create(DataSource dataSource) {
    return new JobAdmin(ReencryptJobs.create(dataSource));
  }

  /** See {@link ReencryptJobs#job}. */
  public JobInfo job(long jobId) {
    return jobs.job(jobId);
  }

  /** See {@link ReencryptJobs#list}. */
  public List<JobInfo> list(JobStatus status, int limit) {
    return jobs.list(status, limit);
  }

  /** See {@link ReencryptJobs#errors}. */
  public List<JobError> errors(long jobId, int limit) {
    return jobs.errors(jobId, limit);
  }

  /** See {@link ReencryptJobs#pause}. */
  public boolean pause(long jobId) {
    return jobs.pause(jobId);
  }

  /** See {@link ReencryptJobs#cancel}. */
  public boolean cancel(long jobId) {
    return jobs.cancel(jobId);
  }

  /** See {@link ReencryptJobs#cleanup}. */
  public List<Long> cleanup(Duration finishedOlderThan, Duration stalledOlderThan, boolean dryRun) {
    return jobs.cleanup(finishedOlderThan, stalledOlderThan, dryRun);
  }

  /** See {@link ReencryptJobs#verify}. */
  public void verify(ReencryptTarget target) {
    jobs.verify(target);
  }

  /** See {@link ReencryptJobs#stats}. */
  public List<TargetStats> stats(ReencryptTarget target) {
    return jobs.stats(target);
  }

  /** See {@link ReencryptJobs#countByStatus}. */
  public Map<JobStatus, Long> countByStatus() {
    return jobs.countByStatus();
  }

  /** See {@link ReencryptJobs#latest}. */
  public Optional<JobInfo> latest(ReencryptTarget target) {
    return jobs.latest(target);
  }

  /** See {@link ReencryptJobs#latestUnfinished}. */
  public Optional<JobInfo> latestUnfinished(ReencryptTarget target) {
    return jobs.latestUnfinished(target);
  }
}
