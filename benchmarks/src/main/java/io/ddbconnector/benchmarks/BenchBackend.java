package io.ddbconnector.benchmarks;

import io.ddbconnector.testkit.Backend;
import io.ddbconnector.testkit.DynaliteServer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The backend one benchmark phase runs against: normally a private in-memory dynalite started for the
 * phase and stopped after it (dynalite keeps the memory of deleted tables, so heavy phases each get a
 * fresh one), or an existing {@link Backend} handed in (the smoke test uses the test kit's shared one).
 */
final class BenchBackend implements AutoCloseable {

  private static final String REGION = "us-east-1";

  private final DynaliteServer server;
  private final Backend backend;
  private final Optional<ProcessHandle> serverProcess;

  private BenchBackend(DynaliteServer server, Backend backend) {
    this.server = server;
    this.backend = backend;
    this.serverProcess = server == null ? Optional.empty() : findProcess(server.port());
  }

  /** Starts a private in-memory dynalite. */
  static BenchBackend startDynalite() {
    DynaliteServer server = DynaliteServer.start();
    return new BenchBackend(server, Backend.of(server.endpoint(), REGION));
  }

  /** Uses an existing backend; {@link #close()} leaves it running. */
  static BenchBackend existing(Backend backend) {
    return new BenchBackend(null, backend);
  }

  Backend backend() {
    return backend;
  }

  /** The dynalite process, to report the server's CPU beside the client's; empty if not ours. */
  Optional<ProcessHandle> serverProcess() {
    return serverProcess;
  }

  /** The server's resident memory in MB, or -1 when unknown (read from /proc on Linux). */
  long serverRssMb() {
    return serverProcess.map(p -> {
      try {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/" + p.pid() + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
          }
        }
      } catch (Exception e) {
        // not Linux, or the process is gone
      }
      return -1L;
    }).orElse(-1L);
  }

  /** The connector settings that point at {@code endpoint} (the backend, or a proxy in front of it). */
  Map<String, String> connectorSettings(java.net.URI endpoint) {
    Map<String, String> m = new HashMap<>();
    m.put("dynamodb.endpoint", endpoint.toString());
    m.put("dynamodb.region", backend.region());
    m.put("dynamodb.awsAccessKeyId", "dummy");
    m.put("dynamodb.awsSecretAccessKey", "dummy");
    return m;
  }

  /**
   * Loads {@code count} typical items ({@link Items#typical}) in chunks, so that a million items never
   * sit in this JVM's heap at once; prints progress for long loads.
   */
  void load(String table, int count) {
    int chunk = 20_000;
    long start = System.nanoTime();
    for (int from = 0; from < count; from += chunk) {
      int to = Math.min(count, from + chunk);
      List<Map<String, AttributeValue>> items = Items.typicalRange("item-", from, to);
      backend.putAll(table, items);
      if (count >= 200_000 && (to % 100_000 == 0 || to == count)) {
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "  loaded %,d of %,d items (%.0f s, %.0f items/s, dynalite RSS %d MB)%n",
            to, count, s, to / s, serverRssMb());
      }
    }
  }

  @Override
  public void close() {
    backend.close();
    if (server != null) {
      server.close();
    }
  }

  private static Optional<ProcessHandle> findProcess(int port) {
    String portArg = Integer.toString(port);
    // the server is a child process of this JVM listening on that port (node running dynalite's launcher)
    return ProcessHandle.current().descendants().filter(p -> {
      Optional<String[]> args = p.info().arguments();
      if (args.isEmpty()) {
        return false;
      }
      List<String> a = Arrays.asList(args.get());
      int i = a.indexOf("--port");
      return i >= 0 && i + 1 < a.size() && a.get(i + 1).equals(portArg);
    }).findFirst();
  }
}
