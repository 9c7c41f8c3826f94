package io.ddbconnector.hive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.hive.ql.exec.MapredContext;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.apache.hadoop.mapred.JobConf;

/**
 * A test UDF ({@code capture_job_files(col)}, always true) that, in each MapReduce task, copies the files of
 * the running job under the directories named by {@link #FROM} (the staging directory with the submitted
 * {@code job.xml}, the LocalJobRunner's directory, Hive's scratch directory with the query plan) to
 * {@link #TO}: the runner and Hive delete them when the job and the query end.
 */
public class CaptureJobFiles extends GenericUDF {

  /** Comma-separated directories to copy, a session setting. */
  static final String FROM = "test.capture.from";
  /** Where the copies go, a session setting. */
  static final String TO = "test.capture.to";

  @Override
  public void configure(MapredContext context) {
    JobConf job = context.getJobConf();
    Path to = Path.of(job.get(TO));
    for (String from : job.getTrimmedStrings(FROM)) {
      copyTree(Path.of(from), to.resolve(Path.of(from).getFileName().toString()));
    }
  }

  private static void copyTree(Path from, Path to) {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      List<Path> files = walk.filter(Files::isRegularFile).toList();
      for (Path f : files) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        try {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException gone) {
          // deleted meanwhile (another task's attempt directory)
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot capture " + from, e);
    }
  }

  @Override
  public ObjectInspector initialize(ObjectInspector[] arguments) {
    return PrimitiveObjectInspectorFactory.javaBooleanObjectInspector;
  }

  @Override
  public Object evaluate(DeferredObject[] arguments) {
    return Boolean.TRUE;
  }

  @Override
  public String getDisplayString(String[] children) {
    return "capture_job_files(" + String.join(", ", children) + ")";
  }
}
