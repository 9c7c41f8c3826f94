package io.ddbconnector.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine-neutral packages must not import Hadoop, Spark or Hive: dependencies point one way. */
class LayeringTest {

  private static final String[] NEUTRAL = {"conf", "client", "split", "read", "write", "throughput", "types", "core", "plan", "table"};

  @Test
  void engineNeutralPackagesImportNoEngine() throws IOException {
    Path root = Paths.get("src/main/java/io/ddbconnector");
    assertTrue(Files.isDirectory(root), "run from the module directory: " + root.toAbsolutePath());
    List<String> offenders = new ArrayList<>();
    int checked = 0;
    for (String pkg : NEUTRAL) {
      try (Stream<Path> files = Files.list(root.resolve(pkg))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          checked++;
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.startsWith("import ") && (line.contains("org.apache.hadoop") || line.contains("org.apache.spark")
                || line.contains("org.apache.hive") || line.contains("io.ddbconnector.hadoop")
                || line.contains("io.ddbconnector.mapred"))) {
              offenders.add(root.relativize(f) + ": " + line);
            }
          }
        }
      }
    }
    assertTrue(checked > 20, "found the sources");
    assertEquals(List.of(), offenders);
  }
}
