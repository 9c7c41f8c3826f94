package io.ddbconnector.hadoop;

import io.ddbconnector.conf.ConnectorOptions;
import java.util.Objects;
import java.util.function.Function;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * The connector's one output committer, for both Hadoop APIs: the {@code mapreduce} output format returns it,
 * the {@code mapred} one installs {@code io.ddbconnector.mapred.DynamoDBOutputCommitter}, a thin adapter over it
 * (the old API's contexts extend the new API's).
 *
 * <p>Nothing to commit: items go to the table as they are written (puts are idempotent, so a retried task
 * attempt rewrites the same items). When the job fails (MapReduce, and Spark's {@code saveAsHadoopDataset},
 * call {@code abortJob}) it sums what every task attempt recorded in the job's write reports, failed attempts
 * included, logs the job-wide figures and writes them with the keys in doubt to the summary file
 * ({@link HadoopWriteLedger#jobFailed}); when the job succeeds it removes them.
 */
public final class WriteReportCommitter extends OutputCommitter {

  private final Function<JobContext, String> group;

  /**
   * @param group the job's write-report group, as the job's record writers resolved it (the two APIs differ
   *     in their fallback when no group is configured)
   */
  public WriteReportCommitter(Function<JobContext, String> group) {
    this.group = Objects.requireNonNull(group, "group");
  }

  @Override
  public void setupJob(JobContext jobContext) { }

  @Override
  public void commitJob(JobContext jobContext) {
    HadoopWriteLedger.jobSucceeded(jobContext.getConfiguration(), group.apply(jobContext));
  }

  @Override
  public void abortJob(JobContext jobContext, JobStatus.State state) {
    HadoopWriteLedger.jobFailed(jobContext.getConfiguration(), group.apply(jobContext),
        jobContext.getConfiguration().get(ConnectorOptions.OUTPUT_TABLE_NAME.name()));
  }

  @Override
  public void setupTask(TaskAttemptContext taskContext) { }

  @Override
  public boolean needsTaskCommit(TaskAttemptContext taskContext) {
    return false;
  }

  @Override
  public void commitTask(TaskAttemptContext taskContext) { }

  @Override
  public void abortTask(TaskAttemptContext taskContext) { }
}
