package io.ddbconnector.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynamoDBBackendExtension;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The live share against the real backend: tasks of one group split the job's rate among those present,
 * never sum above it while joining and leaving, hand a finished task's share to the others, expire a dead
 * task's lease, and fall back to the planned division when the coordination table cannot be used.
 */
@ExtendWith(DynamoDBBackendExtension.class)
class TableShareCoordinatorIT {

  private static final long INTERVAL_MS = 100;

  /** One member: its rate as its listener last heard it. */
  private static final class Member {
    volatile double rate;
    Share share;
  }

  private static TableShareCoordinator coordinator(Backend backend, String table, ConnectorMetrics metrics) {
    return new TableShareCoordinator(backend.client(), table, backend.endpoint().toString(), INTERVAL_MS,
        Clock.systemUTC(), Sleeper.SYSTEM, metrics);
  }

  private static Member join(TableShareCoordinator c, String group, double jobRate, int planned) {
    Member m = new Member();
    m.share = c.join(group, jobRate, jobRate / planned, r -> m.rate = r);
    return m;
  }

  private static double sum(List<Member> members) {
    double s = 0;
    for (Member m : members) {
      s += m.rate;
    }
    return s;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void tasksShareTheJobRateAmongThoseActiveAndNeverSumAboveIt(Backend backend) throws Exception {
    String table = backend.uniqueTableName("coord");
    ConnectorMetrics metrics = new ConnectorMetrics();
    TableShareCoordinator c = coordinator(backend, table, metrics);
    List<Member> members = new ArrayList<>();
    AtomicBoolean watching = new AtomicBoolean(true);
    double[] peak = new double[1];
    Thread watcher = new Thread(() -> {
      while (watching.get()) {
        synchronized (members) {
          peak[0] = Math.max(peak[0], sum(members));
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    try {
      for (int i = 0; i < 4; i++) {
        Member m = join(c, "job-a|t|r", 100, 16);
        synchronized (members) {
          members.add(m);
        }
      }
      await("4 members hold 25 each", () -> members.stream().allMatch(m -> Math.abs(m.rate - 25) < 0.01));
      members.get(0).share.close();
      synchronized (members) {
        members.remove(0);
      }
      await("3 members hold 33.3 each", () -> members.stream().allMatch(m -> Math.abs(m.rate - 100.0 / 3) < 0.01));
      members.get(0).share.close();
      members.get(1).share.close();
      Member last = members.get(2);
      await("the last member holds the whole rate", () -> Math.abs(last.rate - 100) < 0.01);
      assertTrue(last.share.describe().contains("1 active task"), last.share.describe());
      last.share.close();
    } finally {
      watching.set(false);
      watcher.join();
    }
    assertTrue(peak[0] <= 100 + 1e-6, "members' rates summed to " + peak[0] + " > the job's 100");
    assertTrue(metrics.coordinationRequests() > 0 && metrics.coordinationUnits() > 0, "coordination cost counted");
    assertFalse(backend.client().getItem(b -> b.tableName(table).key(Map.of("g", AttributeValue.fromS("job-a|t|r")))
        .consistentRead(true)).hasItem(), "the last member to leave deletes the group's item");
    backend.deleteTable(table);
  }

  @Test
  void groupsAreIndependentAndADeadTasksShareReturnsWhenItsLeaseEnds(Backend backend) throws Exception {
    String table = backend.uniqueTableName("coord");
    TableShareCoordinator c = coordinator(backend, table, new ConnectorMetrics());
    c.ensureTable();
    long expires = System.currentTimeMillis() + 1500;
    // a task that died holding 60 of 100: its entry stays until its lease ends
    backend.client().putItem(b -> b.tableName(table).item(Map.of("g", AttributeValue.fromS("job-b|t|w"),
        "v", AttributeValue.fromN("1"), "m", AttributeValue.fromM(Map.of("dead",
            AttributeValue.fromS("60/" + expires))))));
    Member other = join(c, "job-c|t|w", 100, 1);
    Member m = join(c, "job-b|t|w", 100, 1);
    await("the live member takes what the dead one leaves free", () -> Math.abs(m.rate - 40) < 0.01);
    assertEquals(100, other.rate, 0.01, "another job's group has its own whole budget");
    assertTrue(System.currentTimeMillis() < expires, "lease ended too early for the check");
    await("the dead member's lease ends", () -> Math.abs(m.rate - 100) < 0.01);
    m.share.close();
    other.share.close();
    backend.deleteTable(table);
  }

  @Test
  void theJobsFirstTaskClaimsAtMostThePlannedShareAtOnce(Backend backend) throws Exception {
    String table = backend.uniqueTableName("coord");
    TableShareCoordinator c = coordinator(backend, table, new ConnectorMetrics());
    Member m = join(c, "job-d|t|r", 64, 16);
    assertTrue(m.rate <= 4 + 1e-9, "first claim " + m.rate + " above the planned 64/16");
    await("it grows to the whole rate while alone", () -> Math.abs(m.rate - 64) < 0.01);
    m.share.close();
    backend.deleteTable(table);
  }

  @Test
  void anUnusableCoordinationTableFallsBackToThePlannedDivision(Backend backend) {
    ConnectorMetrics metrics = new ConnectorMetrics();
    double[] heard = new double[1];
    // a name the service refuses: the task must still run, on the planned share
    ShareSettings settings = new ShareSettings(true, "bad name!", INTERVAL_MS, null, null);
    Share s = Shares.open(new Shares.Request(settings, backend.client(), backend.endpoint().toString(), "data", false,
        "job-e", 90, 3, "3 splits at once"), metrics, r -> heard[0] = r);
    assertEquals(30, s.rate(), 1e-9);
    assertEquals(30, heard[0], 1e-9);
    assertTrue(s.describe().startsWith("planned share"), s.describe());
    s.close();
  }

  @Test
  void theOverrideAndOffModesUseFixedDivisors(Backend backend) {
    double[] heard = new double[1];
    Share fixed = Shares.open(new Shares.Request(new ShareSettings(true, "t", INTERVAL_MS, null, 5),
        backend.client(), "x", "data", true, "job-f", 100, 2, "2 writing tasks"), new ConnectorMetrics(),
        r -> heard[0] = r);
    assertEquals(20, heard[0], 1e-9);
    assertTrue(fixed.describe().contains("dynamodb.throughput.concurrency=5"), fixed.describe());
    Share off = Shares.open(new Shares.Request(new ShareSettings(false, "t", INTERVAL_MS, null, null),
        backend.client(), "x", "data", true, "job-f", 100, 2, "2 writing tasks"), new ConnectorMetrics(),
        r -> heard[0] = r);
    assertEquals(50, heard[0], 1e-9);
    assertTrue(off.describe().contains("coordination=off"), off.describe());
  }

  @Test
  void targetRule() {
    long now = 1000;
    Map<String, TableShareCoordinator.Entry> none = Map.of();
    assertEquals(100, TableShareCoordinator.target(100, none, now), 1e-9);
    assertEquals(50, TableShareCoordinator.target(100, Map.of("a", new TableShareCoordinator.Entry(50, 2000)), now),
        1e-9);
    assertEquals(10, TableShareCoordinator.target(100, Map.of("a", new TableShareCoordinator.Entry(90, 2000)), now),
        1e-9, "only what the others leave free");
    assertEquals(100, TableShareCoordinator.target(100, Map.of("a", new TableShareCoordinator.Entry(90, 999)), now),
        1e-9, "an expired lease counts for nothing");
    assertEquals(0, TableShareCoordinator.target(100, Map.of("a", new TableShareCoordinator.Entry(100, 2000),
        "b", new TableShareCoordinator.Entry(0, 2000)), now), 1e-9);
  }
}
