package io.ddbconnector.bundletests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from these tests on a classpath made of the engine's jars (a {@code *-classpath} module's
 * {@code classpath.txt}), a bundle jar and the child programs (this module's test classes as a directory), with
 * the JVM flags Spark and Hive need on Java 17 (the root pom's {@code jvm.opens}). The paths come from failsafe's
 * system properties (bundle-tests/pom.xml).
 */
final class ChildJvm {

  private ChildJvm() {}

  static Path hadoopBundle() {
    return existing(System.getProperty("bundle.hadoop.jar"));
  }

  static Path sparkBundle() {
    return existing(System.getProperty("bundle.spark.jar"));
  }

  static Path childClasses() {
    return existing(System.getProperty("child.classes"));
  }

  static List<String> engineClasspath(String engine) {
    Path file = existing(System.getProperty("engine." + engine + ".classpath"));
    try {
      List<String> jars = Arrays.asList(Files.readString(file).strip().split(File.pathSeparator));
      assertTrue(jars.size() > 50, "the " + engine + " classpath lists its jars: " + file);
      for (String jar : jars) {
        assertTrue(!jar.contains("/io/ddbconnector/") && !jar.contains("software/amazon/awssdk"),
            "no connector or AWS SDK jar on the engine's own classpath: " + jar);
      }
      return jars;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<String> jvmFlags() {
    return Arrays.asList(System.getProperty("child.jvm.opens").trim().split("\\s+"));
  }

  private static Path existing(String path) {
    assertTrue(path != null && Files.exists(Paths.get(path)), "exists (package the bundles first): " + path);
    return Paths.get(path);
  }

  /** What a finished child left: exit code, stdout, stderr, and its {@code RESULT k=v} lines. */
  record Outcome(int exitCode, String stdout, String stderr) {
    Map<String, String> results() {
      Map<String, String> r = new LinkedHashMap<>();
      for (String line : stdout.split("\n")) {
        if (line.startsWith("RESULT ")) {
          String[] kv = line.substring(7).split("=", 2);
          r.put(kv[0], kv[1]);
        }
      }
      return r;
    }

    String describe() {
      String err = stderr.length() > 20_000 ? stderr.substring(stderr.length() - 20_000) : stderr;
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr (tail)\n" + err;
    }
  }

  /** Runs {@code java <flags> -cp <classpath> <mainClass> <args>} to completion (at most {@code timeoutSeconds}). */
  static Outcome run(Path logDir, String name, List<String> classpath, List<String> flags, Map<String, String> env,
      String mainClass, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
    Process p = start(logDir, name, classpath, flags, env, mainClass, args);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      return new Outcome(-1, read(logDir.resolve(name + ".out")),
          "TIMED OUT after " + timeoutSeconds + " s\n" + read(logDir.resolve(name + ".err")));
    }
    return new Outcome(p.exitValue(), read(logDir.resolve(name + ".out")), read(logDir.resolve(name + ".err")));
  }

  /** Starts the JVM, stdout and stderr to {@code <name>.out/.err} under {@code logDir}. */
  static Process start(Path logDir, String name, List<String> classpath, List<String> flags, Map<String, String> env,
      String mainClass, List<String> args) throws IOException {
    Files.createDirectories(logDir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classpath));
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(logDir.resolve(name + ".out").toFile())
        .redirectError(logDir.resolve(name + ".err").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SPARK_") || k.equals("CLASSPATH") || k.startsWith("HADOOP_")
        || k.startsWith("HIVE_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
