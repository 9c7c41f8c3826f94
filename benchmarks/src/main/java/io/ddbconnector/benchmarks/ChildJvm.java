package io.ddbconnector.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an engine path in a child JVM on another module's test classpath: the embedded Hive and the mini
 * YARN cluster need the unshaded Hadoop jars, which cannot share this JVM's Spark classpath. The child only
 * runs the job against the endpoint it is given (this JVM's throttling proxy); every measurement is taken
 * here. {@code benchmarks/run.sh} writes each module's classpath to {@code <module>/target/bench-classpath.txt}.
 */
final class ChildJvm {

  /** How the child ended: its exit code, its {@code RESULT ...} lines and the file holding its output. */
  record Result(int exitCode, List<String> results, Path log) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The last lines of the child's output, for a failure message. */
    String tail(int lines) {
      try {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }
  }

  private ChildJvm() {}

  static Path projectRoot() {
    return Paths.get(System.getProperty("ddb.project.root", ".")).toAbsolutePath().normalize();
  }

  /**
   * The test classpath of {@code module} (its test classes, classes and test-scope dependencies), or empty
   * with the reason when run.sh has not written it.
   */
  static Optional<String> moduleTestClasspath(String module) {
    Path dir = projectRoot().resolve(module).resolve("target");
    Path deps = dir.resolve("bench-classpath.txt");
    if (!Files.isRegularFile(deps) || !Files.isDirectory(dir.resolve("test-classes"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(dir.resolve("test-classes") + java.io.File.pathSeparator + dir.resolve("classes")
          + java.io.File.pathSeparator + Files.readString(deps, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The JVM flags Spark and Hive need on Java 17 (the root pom's jvm.opens, written by the build). */
  static List<String> jvmFlags() {
    Path file = projectRoot().resolve("benchmarks/target/launcher/jvm.args");
    try {
      String flags = Files.readString(file, StandardCharsets.UTF_8).trim();
      return flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
    } catch (IOException e) {
      throw new IllegalStateException("no " + file + ": build the benchmarks with benchmarks/run.sh", e);
    }
  }

  /**
   * Runs {@code mainClass} with {@code args} on {@code classpath}, output to {@code log}; waits at most
   * {@code timeout}, then kills the child and what it started.
   */
  static Result run(String classpath, String mainClass, List<String> args, String heap, Path log, Duration timeout)
      throws IOException, InterruptedException {
    return run(classpath, mainClass, List.of(), args, heap, log, timeout);
  }

  /** As {@link #run(String, String, List, String, Path, Duration)}, with more JVM options ({@code -D...}). */
  static Result run(String classpath, String mainClass, List<String> jvmOptions, List<String> args, String heap,
      Path log, Duration timeout) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags());
    cmd.addAll(jvmOptions);
    cmd.add("-Xmx" + heap);
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // YARN containers start $JAVA_HOME/bin/java
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    List<String> results = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.startsWith("RESULT ")) {
        results.add(line.substring("RESULT ".length()));
      }
    }
    return new Result(done ? p.exitValue() : -1, results, log);
  }

  /** The {@code RESULT <name> ...} line of {@code name}, without the name; empty if the child did not print it. */
  static Optional<String> result(Result r, String name) {
    return r.results().stream().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1))
        .findFirst();
  }
}
