package io.ddbconnector.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs dynalite, the DynamoDB-compatible server pinned in {@code backend/package.json}, as a child
 * process on a free loopback port.
 *
 * <p>Why a separate process: dynalite is a Node.js program and Amazon's DynamoDB Local may not be
 * used, so tests drive a real HTTP server exactly as the connector would drive the service. The
 * server is installed on first use with {@code npm ci} (guarded by a file lock, because several
 * test JVMs may start at once), its output goes to a log file under {@code backend/target/} (never
 * to the JVM's own streams, which surefire uses for its protocol; deleted after a clean stop, kept
 * if the server died on its own), and it is stopped by {@link #close()} or, failing that, by a JVM
 * shutdown hook so no stray {@code node} process is left behind.
 *
 * <pre>{@code
 * try (DynaliteServer server = DynaliteServer.start()) {
 *   DynamoDbClient client = ... endpointOverride(server.endpoint()) ...;
 * }
 * }</pre>
 */
public final class DynaliteServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DynaliteServer.class.getName());

  /** System property naming the project root; surefire sets it to the reactor root. */
  public static final String PROJECT_ROOT_PROPERTY = "ddb.project.root";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int PORT_ATTEMPTS = 3;

  /** Serialises installs inside one JVM; the file lock serialises them across JVMs. */
  private static final Object INSTALL_MONITOR = new Object();

  private final Process process;
  private final int port;
  private final URI endpoint;
  private final Path logFile;
  private final Thread shutdownHook;
  private boolean closed;

  private DynaliteServer(Process process, int port, Path logFile) {
    this.process = process;
    this.port = port;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.logFile = logFile;
    this.shutdownHook = new Thread(() -> {
      if (stopProcess()) {
        deleteLog();
      }
    }, "dynalite-shutdown-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts an in-memory dynalite and waits until it answers. */
  public static DynaliteServer start() {
    return start(null);
  }

  /**
   * Starts dynalite and waits until it answers.
   *
   * @param dataDir LevelDB directory to keep the data in (created if missing), or {@code null} to
   *     keep everything in memory
   */
  public static DynaliteServer start(Path dataDir) {
    Path backendDir = projectRoot().resolve("backend");
    Path cli = ensureInstalled(backendDir);
    Path logDir = backendDir.resolve("target");
    RuntimeException lastPortClash = null;
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      Path logFile = logDir.resolve("dynalite-" + port + ".log");
      List<String> command = new ArrayList<>(List.of(
          // serve.js wraps cli.js so that a client aborting a request cannot kill the shared server
          "node", cli.getParent().getParent().getParent().resolve("serve.js").toString(),
          "--host", "127.0.0.1", "--port", Integer.toString(port),
          "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
      if (dataDir != null) {
        createDirectories(dataDir);
        command.add("--path");
        command.add(dataDir.toAbsolutePath().toString());
      }
      Process process = launch(command, backendDir, logFile,
          "node is required to run the dynalite test backend");
      DynaliteServer server = new DynaliteServer(process, port, logFile);
      try {
        server.awaitReady();
        LOG.fine(() -> "dynalite listening on " + server.endpoint + ", log " + logFile);
        return server;
      } catch (PortClashException e) {
        server.close();
        lastPortClash = e;
      } catch (RuntimeException | Error e) {
        server.close();
        throw e;
      }
    }
    throw new IllegalStateException("dynalite could not bind a free port after "
        + PORT_ATTEMPTS + " attempts", lastPortClash);
  }

  /** The HTTP endpoint to pass to {@code endpointOverride}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The loopback port the server listens on. */
  public int port() {
    return port;
  }

  /** The file receiving the server's stdout and stderr (deleted once the server is stopped). */
  public Path logFile() {
    return logFile;
  }

  /** The server process, for tests that check it is really gone. */
  ProcessHandle processHandle() {
    return process.toHandle();
  }

  /** Stops the server and waits for the process (and any children) to exit. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (stopProcess()) {
      deleteLog(); // it ran until asked to stop: nothing worth keeping
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting; the hook runs (harmlessly) anyway.
    }
  }

  @Override
  public String toString() {
    return "DynaliteServer[" + endpoint + ", pid " + process.pid() + "]";
  }

  /** Stops the process and its children; returns whether it was still running. */
  private boolean stopProcess() {
    boolean wasAlive = process.isAlive();
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      for (ProcessHandle child : descendants) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
        child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "dynalite did not stop cleanly: " + this, e);
    }
    return wasAlive;
  }

  private void deleteLog() {
    try {
      Files.deleteIfExists(logFile);
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot delete " + logFile, e);
    }
  }

  /** Polls {@code GET /} (dynalite answers {@code healthy: ...}) until it answers or dies. */
  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String output = readLog(logFile);
        String message = "dynalite exited with code " + process.exitValue()
            + " before answering on port " + port + "; output:\n" + output;
        if (output.contains("EADDRINUSE")) {
          throw new PortClashException(message);
        }
        throw new IllegalStateException(message);
      }
      if (answers()) {
        return;
      }
      sleep(50);
    }
    throw new IllegalStateException("dynalite did not answer on " + endpoint + " within "
        + STARTUP_TIMEOUT.toSeconds() + " s; output:\n" + readLog(logFile));
  }

  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      try (InputStream in = connection.getInputStream()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return connection.getResponseCode() == 200 && body.startsWith("healthy");
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  /**
   * Finds the directory holding {@code backend/package.json}: the {@value #PROJECT_ROOT_PROPERTY}
   * system property if it points there, else the nearest such ancestor of the property's
   * directory or of the working directory (so IDE runs from a module directory work too).
   */
  static Path projectRoot() {
    List<Path> starts = new ArrayList<>();
    String property = System.getProperty(PROJECT_ROOT_PROPERTY);
    if (property != null && !property.isBlank()) {
      starts.add(Paths.get(property));
    }
    starts.add(Paths.get(System.getProperty("user.dir")));
    for (Path start : starts) {
      for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("backend").resolve("package.json"))) {
          return dir;
        }
      }
    }
    throw new IllegalStateException("cannot find the project root (a directory containing "
        + "backend/package.json) from " + starts + "; set -D" + PROJECT_ROOT_PROPERTY);
  }

  /**
   * Runs {@code npm ci} if dynalite is missing and returns the path of its {@code cli.js}. The
   * check is made under the lock too, so no JVM starts a half-installed dynalite.
   */
  private static Path ensureInstalled(Path backendDir) {
    Path cli = backendDir.resolve("node_modules").resolve("dynalite").resolve("cli.js");
    Path targetDir = backendDir.resolve("target");
    createDirectories(targetDir);
    synchronized (INSTALL_MONITOR) {
      try (FileChannel channel = FileChannel.open(targetDir.resolve("npm-install.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        channel.lock(); // released when the channel closes
        if (Files.isRegularFile(cli)) {
          return cli; // installed earlier, perhaps by another JVM while we waited for the lock
        }
        Path log = targetDir.resolve("npm-install.log");
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");
        String npm = windows ? "npm.cmd" : "npm";
        LOG.info(() -> "installing dynalite: npm ci in " + backendDir);
        Process npmProcess = launch(List.of(npm, "ci", "--no-audit", "--no-fund"), backendDir, log,
            "npm and node are required to install the dynalite test backend");
        boolean finished = npmProcess.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          npmProcess.destroyForcibly();
        }
        if (!finished || npmProcess.exitValue() != 0 || !Files.isRegularFile(cli)) {
          String output = readLog(log);
          LOG.severe(() -> "npm ci in " + backendDir + " failed:\n" + output);
          throw new IllegalStateException("installing dynalite with 'npm ci' in " + backendDir
              + " failed (npm and node are required for the test backend); npm output:\n"
              + output);
        }
        return cli;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + targetDir + " to install dynalite", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while installing dynalite", e);
      }
    }
  }

  private static Process launch(List<String> command, Path workDir, Path log, String requirement) {
    createDirectories(log.getParent());
    try {
      return new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + requirement
          + " and must be on the PATH", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static String readLog(Path log) {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for dynalite", e);
    }
  }

  /** The chosen port was taken between probing and binding; start retries with another. */
  private static final class PortClashException extends IllegalStateException {
    PortClashException(String message) {
      super(message);
    }
  }
}
