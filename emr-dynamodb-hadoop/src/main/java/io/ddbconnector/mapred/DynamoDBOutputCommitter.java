package io.ddbconnector.mapred;

import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.HadoopWriteLedger;
import org.apache.hadoop.mapred.JobContext;
import org.apache.hadoop.mapred.OutputCommitter;
import org.apache.hadoop.mapred.TaskAttemptContext;

/**
 * Nothing to commit: items go to the table as they are written (puts are idempotent, so a retried task
 * attempt rewrites the same items). {@link DynamoDBOutputFormat} installs it when the job has no
 * committer of its own, which also spares jobs the file committer's "Output Path is null" warnings.
 *
 * <p>When the job fails (MapReduce, and Spark's {@code saveAsHadoopDataset}, call {@link #abortJob}) it sums
 * what every task attempt recorded in the job's write reports, failed attempts included, logs the job-wide
 * figures and writes them with the keys in doubt to the summary file; when the job succeeds it removes them.
 */
public class DynamoDBOutputCommitter extends OutputCommitter {

  @Override
  public void setupJob(JobContext jobContext) { }

  @Override
  public void commitJob(JobContext jobContext) {
    HadoopWriteLedger.jobSucceeded(jobContext.getJobConf(), HadoopSettings.jobGroup(jobContext.getJobConf()));
  }

  @Override
  public void abortJob(JobContext jobContext, int runState) {
    HadoopWriteLedger.jobFailed(jobContext.getJobConf(), HadoopSettings.jobGroup(jobContext.getJobConf()),
        jobContext.getJobConf().get(ConnectorOptions.OUTPUT_TABLE_NAME.name()));
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
