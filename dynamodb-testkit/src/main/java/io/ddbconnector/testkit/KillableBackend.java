package io.ddbconnector.testkit;

import java.nio.file.Path;

/**
 * A private dynalite that keeps its tables on disk, for tests that kill the backend in the middle of a job
 * and then look at what reached the table: {@link #kill()} stops the server process (every request on the
 * wire breaks, new connections are refused), {@link #restart()} starts a new one on the same data, on a new
 * port.
 *
 * <p>What it models: a backend that dies, and comes back with every write it acknowledged (dynalite writes
 * LevelDB's log before it answers; a killed process loses nothing the OS has). What it does not: a partial
 * outage, a service that applied a write and lost the answer on the way back (that comes from the
 * connection dying mid-response, which a kill also causes, but not on demand).
 */
public final class KillableBackend implements AutoCloseable {

  private final Path dataDir;
  private final String region;
  private DynaliteServer server;
  private Backend backend;

  private KillableBackend(Path dataDir, String region) {
    this.dataDir = dataDir;
    this.region = region;
    restart();
  }

  /** Starts a dynalite keeping its data in {@code dataDir}. */
  public static KillableBackend start(Path dataDir) {
    return new KillableBackend(dataDir, "us-east-1");
  }

  /** The running server's backend (a new one after each {@link #restart()}). */
  public synchronized Backend backend() {
    if (backend == null) {
      throw new IllegalStateException("the backend was killed; restart() it first");
    }
    return backend;
  }

  /** Stops the server process and waits until it is gone. */
  public synchronized void kill() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }

  /** Starts a new server on the same data (killing the running one first, if any). */
  public synchronized void restart() {
    kill();
    server = DynaliteServer.start(dataDir);
    backend = Backend.of(server.endpoint(), region);
  }

  /**
   * Starts a thread that kills this backend {@code afterMs} after a file whose name ends with
   * {@code suffix} first appears under {@code dir} (e.g. a writer's first record: the job is writing), or
   * gives up after a minute. Join it before looking at the result.
   */
  public Thread killWhenFileAppears(Path dir, String suffix, long afterMs) {
    return killWhen(() -> {
      try {
        return anyFile(dir, suffix);
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        return false;
      }
    }, afterMs);
  }

  /**
   * Starts a thread that kills this backend {@code afterMs} after {@code ready} first holds (polled every
   * 20 ms; e.g. "the job's records show confirmed writes", which holds whatever the machine's speed), or
   * after a minute. Join it before looking at the result.
   */
  public Thread killWhen(java.util.function.BooleanSupplier ready, long afterMs) {
    Thread t = new Thread(() -> {
      long deadline = System.currentTimeMillis() + 60_000;
      try {
        while (System.currentTimeMillis() < deadline && !ready.getAsBoolean()) {
          Thread.sleep(20);
        }
        Thread.sleep(afterMs);
      } catch (InterruptedException e) {
        return;
      }
      kill();
    }, "backend-killer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static boolean anyFile(Path dir, String suffix) throws java.io.IOException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return false;
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(suffix));
    }
  }

  @Override
  public synchronized void close() {
    kill();
  }
}
