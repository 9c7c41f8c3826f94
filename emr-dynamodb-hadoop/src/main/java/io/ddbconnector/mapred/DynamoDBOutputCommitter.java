package io.ddbconnector.mapred;

import org.apache.hadoop.mapred.JobContext;
import org.apache.hadoop.mapred.OutputCommitter;
import org.apache.hadoop.mapred.TaskAttemptContext;

/**
 * Nothing to commit: items go to the table as they are written (puts are idempotent, so a retried task
 * attempt rewrites the same items). {@link DynamoDBOutputFormat} installs it when the job has no
 * committer of its own, which also spares jobs the file committer's "Output Path is null" warnings.
 */
public class DynamoDBOutputCommitter extends OutputCommitter {

  @Override
  public void setupJob(JobContext jobContext) { }

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
