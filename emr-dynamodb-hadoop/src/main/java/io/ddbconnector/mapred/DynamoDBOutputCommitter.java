package io.ddbconnector.mapred;

import io.ddbconnector.hadoop.HadoopSettings;
import io.ddbconnector.hadoop.WriteReportCommitter;
import org.apache.hadoop.mapred.JobContext;
import org.apache.hadoop.mapred.JobStatus;
import org.apache.hadoop.mapred.OutputCommitter;
import org.apache.hadoop.mapred.TaskAttemptContext;

/**
 * The old API's face of {@link WriteReportCommitter}: {@link DynamoDBOutputFormat} installs it when the job has
 * no committer of its own (which also spares jobs the file committer's "Output Path is null" warnings), and the
 * Hive storage handler installs it for jobs that write a table. The write-report group is the configured or
 * Hive query's group ({@link HadoopSettings#jobGroup}), as the old API's record writers use.
 */
public class DynamoDBOutputCommitter extends OutputCommitter {

  private final WriteReportCommitter committer =
      new WriteReportCommitter(context -> HadoopSettings.jobGroup(context.getConfiguration()));

  @Override
  public void setupJob(JobContext jobContext) {
    committer.setupJob(jobContext);
  }

  @Override
  public void commitJob(JobContext jobContext) {
    committer.commitJob(jobContext);
  }

  @Override
  public void abortJob(JobContext jobContext, int runState) {
    committer.abortJob(jobContext, runState == JobStatus.KILLED
        ? org.apache.hadoop.mapreduce.JobStatus.State.KILLED : org.apache.hadoop.mapreduce.JobStatus.State.FAILED);
  }

  @Override
  public void setupTask(TaskAttemptContext taskContext) {
    committer.setupTask(taskContext);
  }

  @Override
  public boolean needsTaskCommit(TaskAttemptContext taskContext) {
    return committer.needsTaskCommit(taskContext);
  }

  @Override
  public void commitTask(TaskAttemptContext taskContext) {
    committer.commitTask(taskContext);
  }

  @Override
  public void abortTask(TaskAttemptContext taskContext) {
    committer.abortTask(taskContext);
  }
}
