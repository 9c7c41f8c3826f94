package io.ddbconnector.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ddbconnector.hadoop.EngineAttempts;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Spark's rule for how many times a task runs ({@code SparkContext.createTaskScheduler} in Spark 4.0.1). */
class SparkTaskAttemptsTest {

  private static String limit(String master, String maxFailures) {
    return SparkTaskAttempts.limit(master, maxFailures).toString();
  }

  @Test
  void localMastersRunATaskOnceWhateverMaxFailuresSays() {
    assertEquals("1 (spark.master=local)", limit("local", "8"));
    assertEquals("1 (spark.master=local[2])", limit("local[2]", "8"));
    assertEquals("1 (spark.master=local[*])", limit("local[*]", null));
  }

  @Test
  void localWithFailuresRunsItThatOften() {
    assertEquals("3 (spark.master=local[2,3])", limit("local[2,3]", "8"));
    assertEquals("5 (spark.master=local[*, 5])", limit("local[*, 5]", null));
  }

  @Test
  void clusterMastersUseMaxFailures() {
    assertEquals("4 (spark.task.maxFailures)", limit("yarn", null));
    assertEquals("8 (spark.task.maxFailures)", limit("yarn", "8"));
    assertEquals("2 (spark.task.maxFailures)", limit("local-cluster[2,1,1024]", "2"));
    assertEquals("4 (spark.task.maxFailures)", limit("spark://h:7077", "many"));
    assertEquals("4 (spark.task.maxFailures)", limit(null, null));
  }

  @Test
  void outsideATaskThereIsNoNote() {
    assertNull(SparkTaskAttempts.note());
  }

  /** The Hadoop formats find the Spark rule as a service; without it their note under Spark has no count. */
  @Test
  void registeredForTheHadoopFormats() {
    assertEquals("io.ddbconnector.spark.SparkTaskAttempts", ServiceLoader.load(EngineAttempts.class).stream()
        .map(p -> p.type().getName()).collect(Collectors.joining(",")));
  }
}
