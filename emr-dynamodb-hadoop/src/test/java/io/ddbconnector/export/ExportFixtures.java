package io.ddbconnector.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The golden export under {@code src/test/resources/exports/golden}, written by hand from the DynamoDB developer
 * guide ("DynamoDB table export output format"), copied to a temporary directory with its plain-text data files
 * gzipped to the {@code .json.gz} names the manifest lists.
 */
final class ExportFixtures {

  static final String PREFIX = "2020-Nov";
  static final String EXPORT_ID = "01604474914028-a1b2c3d4";

  private ExportFixtures() {}

  /** Copies the golden export into {@code bucket} (standing for the S3 bucket); returns the export's directory. */
  static Path golden(Path bucket) {
    try {
      Path source = Paths.get(ExportFixtures.class.getResource("/exports/golden").toURI());
      List<Path> all;
      try (Stream<Path> s = Files.walk(source)) {
        all = s.collect(Collectors.toList());
      }
      for (Path p : all) {
        Path target = bucket.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (p.getParent().getFileName().toString().equals("data")) {
          try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(
              target.resolveSibling(target.getFileName() + ".gz")))) {
            out.write(Files.readAllBytes(p));
          }
        } else {
          Files.copy(p, target);
        }
      }
      return bucket.resolve(PREFIX).resolve("AWSDynamoDB").resolve(EXPORT_ID);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The data file of the golden export holding three items. */
  static Path firstDataFile(Path exportDir) {
    return exportDir.resolve("data").resolve("vzqnbaue2i7qdj5aqyyhxpuzu4.json.gz");
  }
}
