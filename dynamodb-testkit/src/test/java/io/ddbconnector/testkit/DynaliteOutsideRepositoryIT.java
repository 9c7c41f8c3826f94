package io.ddbconnector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test kit outside this repository: a JVM with no project root, started in a directory with no
 * {@code backend/} above it, finds dynalite in its cache ({@code -Dddb.testkit.cache}), puts {@code serve.js}
 * beside it and runs the backend and the proxy. The cache is seeded with this repository's installed
 * {@code node_modules} so the test needs no network; with an empty cache the same code runs
 * {@code npm install dynalite@4.0.0} into it (checked by hand, see the README).
 */
class DynaliteOutsideRepositoryIT {

  @Test
  void startsTheBackendAndProxyFromTheCacheWithoutAProjectRoot(@TempDir Path tmp) throws Exception {
    Path repoModules = DynaliteServer.projectRoot().resolve("backend").resolve("node_modules");
    DynaliteServer.start().close(); // installs the repository's dynalite when this is the first test to run
    Path cache = tmp.resolve("cache");
    Path install = cache.resolve("dynalite-" + DynaliteServer.DYNALITE_VERSION);
    Files.createDirectories(install);
    Files.createSymbolicLink(install.resolve("node_modules"), repoModules);
    Path userProject = Files.createDirectories(tmp.resolve("user-project"));

    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-D" + DynaliteServer.CACHE_DIR_PROPERTY + "=" + cache,
        OutsideRepositoryMain.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(userProject.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("out.txt").toFile());
    pb.environment().remove(DynaliteServer.DYNALITE_DIR_ENV);
    pb.environment().remove(DynaliteServer.CACHE_DIR_ENV);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
    String out = Files.readString(tmp.resolve("out.txt"));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("OK 50 items via the proxy"), out);
    assertTrue(out.contains("from " + install.toAbsolutePath().normalize()), out);
    assertTrue(Files.isRegularFile(install.resolve("serve.js")), "serve.js put beside dynalite");
  }
}
