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
 * process on a free loopback port. Inside this repository it runs from {@code backend/}; elsewhere (a user's
 * project using the test kit) from {@code -Dddb.dynalite.dir}, or from a cache it installs
 * dynalite {@value #DYNALITE_VERSION} into with npm on first use ({@link #locate()}).
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
  /**
   * System property (or environment variable {@value #DYNALITE_DIR_ENV}) naming a directory to run dynalite
   * from: it holds, or receives on first use, {@code node_modules/dynalite}. Wins over everything else.
   */
  public static final String DYNALITE_DIR_PROPERTY = "ddb.dynalite.dir";
  public static final String DYNALITE_DIR_ENV = "DDB_DYNALITE_DIR";
  /**
   * System property (or environment variable {@value #CACHE_DIR_ENV}) naming the cache that dynalite is
   * installed into when neither an explicit directory nor this repository is found; default
   * {@code ~/.cache/ddb-connector-testkit}. The install goes to {@code <cache>/dynalite-<version>}.
   */
  public static final String CACHE_DIR_PROPERTY = "ddb.testkit.cache";
  public static final String CACHE_DIR_ENV = "DDB_TESTKIT_CACHE";
  /** The dynalite version installed outside this repository (the one {@code backend/package.json} pins). */
  public static final String DYNALITE_VERSION = "4.0.0";

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
    Installation installation = locate();
    Path backendDir = installation.dir;
    Path cli = ensureInstalled(installation);
    Path logDir = installation.logDir();
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
    Path root = findProjectRoot();
    if (root == null) {
      throw new IllegalStateException("cannot find the project root (a directory containing backend/package.json);"
          + " set -D" + PROJECT_ROOT_PROPERTY);
    }
    return root;
  }

  /** Where dynalite runs from, and how it gets there when it is missing. */
  static final class Installation {
    final Path dir;
    /** {@code npm ci} from the repository's lock file, else {@code npm install dynalite@version}. */
    final boolean repository;
    final String origin;

    Installation(Path dir, boolean repository, String origin) {
      this.dir = dir;
      this.repository = repository;
      this.origin = origin;
    }

    Path cli() {
      return dir.resolve("node_modules").resolve("dynalite").resolve("cli.js");
    }

    Path logDir() {
      return dir.resolve(repository ? "target" : "logs");
    }
  }

  /**
   * Where to run dynalite from, first match wins: {@value #DYNALITE_DIR_PROPERTY} (or {@value #DYNALITE_DIR_ENV});
   * this repository's {@code backend/} ({@value #PROJECT_ROOT_PROPERTY}, or an ancestor of the working
   * directory); else {@code <cache>/dynalite-}{@value #DYNALITE_VERSION}, the cache being
   * {@value #CACHE_DIR_PROPERTY} (or {@value #CACHE_DIR_ENV}) or {@code ~/.cache/ddb-connector-testkit}.
   */
  static Installation locate() {
    String explicit = setting(DYNALITE_DIR_PROPERTY, DYNALITE_DIR_ENV);
    if (explicit != null) {
      return new Installation(Paths.get(explicit).toAbsolutePath().normalize(), false,
          DYNALITE_DIR_PROPERTY + "=" + explicit);
    }
    Path root = findProjectRoot();
    if (root != null) {
      return new Installation(root.resolve("backend"), true, "the repository's backend/");
    }
    String cache = setting(CACHE_DIR_PROPERTY, CACHE_DIR_ENV);
    Path cacheDir = cache != null ? Paths.get(cache)
        : Paths.get(System.getProperty("user.home"), ".cache", "ddb-connector-testkit");
    return new Installation(cacheDir.resolve("dynalite-" + DYNALITE_VERSION).toAbsolutePath().normalize(), false,
        "the test kit's cache");
  }

  private static String setting(String property, String env) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The repository's root, or null when the tests run outside it. */
  static Path findProjectRoot() {
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
    return null;
  }

  /**
   * Installs dynalite if it is missing — {@code npm ci} in the repository's {@code backend/}, else
   * {@code npm install dynalite@}{@value #DYNALITE_VERSION} into the directory — puts the test kit's
   * {@code serve.js} beside it, and returns the path of its {@code cli.js}. The check is made under a file lock,
   * so no JVM starts a half-installed dynalite.
   */
  private static Path ensureInstalled(Installation installation) {
    Path dir = installation.dir;
    Path cli = installation.cli();
    Path logDir = installation.logDir();
    createDirectories(logDir);
    synchronized (INSTALL_MONITOR) {
      try (FileChannel channel = FileChannel.open(logDir.resolve("npm-install.lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        channel.lock(); // released when the channel closes
        if (!installation.repository) {
          writeServeScript(dir);
        }
        if (Files.isRegularFile(cli)) {
          return cli; // installed earlier, perhaps by another JVM while we waited for the lock
        }
        Path log = logDir.resolve("npm-install.log");
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");
        String npm = windows ? "npm.cmd" : "npm";
        List<String> command = installation.repository
            ? List.of(npm, "ci", "--no-audit", "--no-fund")
            : List.of(npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir.toString(),
                "dynalite@" + DYNALITE_VERSION);
        LOG.info(() -> "installing dynalite (" + installation.origin + "): " + String.join(" ", command));
        Process npmProcess = launch(command, dir, log,
            "npm and node are required to install the dynalite test backend");
        boolean finished = npmProcess.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          npmProcess.destroyForcibly();
        }
        if (!finished || npmProcess.exitValue() != 0 || !Files.isRegularFile(cli)) {
          String output = readLog(log);
          LOG.severe(() -> String.join(" ", command) + " in " + dir + " failed:\n" + output);
          throw new IllegalStateException("installing dynalite with '" + String.join(" ", command) + "' in " + dir
              + " failed (npm and node are required for the test backend; or point -D" + DYNALITE_DIR_PROPERTY
              + " at a directory holding node_modules/dynalite); npm output:\n" + output);
        }
        return cli;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + logDir + " to install dynalite", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while installing dynalite", e);
      }
    }
  }

  /** The wrapper that keeps dynalite alive when a client aborts a request, from the test kit's resources. */
  private static void writeServeScript(Path dir) throws IOException {
    Path target = dir.resolve("serve.js");
    byte[] script;
    try (InputStream in = DynaliteServer.class.getResourceAsStream("serve.js")) {
      if (in == null) {
        throw new IllegalStateException("the test kit's jar lacks io/ddbconnector/testkit/serve.js");
      }
      script = in.readAllBytes();
    }
    if (!Files.isRegularFile(target) || !java.util.Arrays.equals(Files.readAllBytes(target), script)) {
      Files.write(target, script);
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
