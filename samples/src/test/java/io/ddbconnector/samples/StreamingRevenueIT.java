package io.ddbconnector.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code ./run-sample.sh streaming} for a few seconds, as its main method runs it: its own embedded backend and
 * Streams emulator, a generator placing and updating orders, the streaming aggregate through the
 * {@code dynamodb-streams} source and the {@code dynamodb} sink, and the comparison with a batch recomputation.
 */
class StreamingRevenueIT {

  @Test
  void theAggregateKeptFromTheStreamEqualsABatchRecomputation() {
    ProgramRuns.Outcome run = ProgramRuns.run(StreamingRevenue::run, "--seconds", "8", "--rate", "40",
        "--view-every", "3", "--master", "local[2]");

    assertEquals(0, run.code, "exit code\n" + run);
    assertTrue(run.out.contains("Streamed aggregate vs batch recomputation: EQUAL"), "the verdict line\n" + run);
    assertTrue(run.out.contains("generator: "), "a live view while the generator ran\n" + run);
    assertFalse(run.out.contains("DIFFERS"), "every group equal\n" + run);
    assertTrue(run.out.contains("Stopped the embedded backend."), "the backend stopped\n" + run);
  }

  @Test
  void helpNamesTheOptions() {
    ProgramRuns.Outcome help = ProgramRuns.run(StreamingRevenue::run, "--help");
    assertEquals(0, help.code, help.toString());
    assertTrue(help.out.contains("--seconds N"), help.toString());
    assertTrue(help.out.contains("dynamodb-streams"), help.toString());
    ProgramRuns.Outcome typo = ProgramRuns.run(StreamingRevenue::run, "--second", "3");
    assertEquals(2, typo.code, typo.toString());
    assertTrue(typo.err.contains("did you mean --seconds?"), typo.toString());
  }
}
