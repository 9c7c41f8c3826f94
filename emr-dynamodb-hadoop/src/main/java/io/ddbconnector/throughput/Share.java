package io.ddbconnector.throughput;

/**
 * One task's share of its job's rate. The share may change while the task runs (tasks of the job start
 * and finish); {@link Listener} hears every change. Closing it gives the share back to the job.
 */
public interface Share extends AutoCloseable {

  /** Hears the task's new rate, in units per second (0 means: wait). */
  @FunctionalInterface
  interface Listener {
    void rateChanged(double unitsPerSecond);
  }

  /** The task's rate now. */
  double rate();

  /** The job's whole rate changed (the table's capacity was re-read). */
  void setJobRate(double jobRate);

  /** What decides this share, for the job log, e.g. "live share of 4 active tasks". */
  String describe();

  /** Leaves the job: the share goes to the tasks still running. Idempotent. */
  @Override
  void close();
}
