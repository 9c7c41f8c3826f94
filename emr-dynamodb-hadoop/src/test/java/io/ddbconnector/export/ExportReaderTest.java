package io.ddbconnector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.ExportSplit;
import io.ddbconnector.hadoop.HadoopExportStore;
import io.ddbconnector.mapred.DynamoDBExportInputFormat;
import io.ddbconnector.testkit.GoldenExport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the golden export, written by hand from AWS's documented format (not by any writer of this project), and
 * exports broken in the ways real ones break. No backend, no job: the readers and input formats are called directly.
 */
class ExportReaderTest {

  private static final String KEY = "dynamodb.export.path";
  private final HadoopExportStore store = new HadoopExportStore(new Configuration());

  private List<Map<String, AttributeValue>> readAll(TableExport export) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (ExportDataFile f : export.files()) {
      try (ExportItemReader r = ExportItemReader.open(store, f)) {
        r.forEachRemaining(out::add);
      }
    }
    return out;
  }

  // ---- the golden export --------------------------------------------------------------------------------------

  @Test
  void theGoldenExportReadsAsTheDocumentedItemsWithExactNumbers(@TempDir Path bucket) {
    Path dir = GoldenExport.copyTo(bucket);
    TableExport export = TableExport.open(store, dir.toUri().toString(), KEY);
    assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/ProductCatalog", export.summary().tableArn());
    assertEquals("ProductCatalog", export.summary().tableName());
    assertEquals("2020-11-04T07:28:34.028Z", export.summary().exportTime());
    assertEquals(4, export.summary().itemCount());
    assertEquals(3, export.files().size(), "three data files, one of them empty");
    assertEquals(List.of(3L, 1L, 0L), export.files().stream().map(ExportDataFile::itemCount).toList());
    assertEquals(GoldenExport.items(), readAll(export));
  }

  @Test
  void theExportIsFoundFromItsDirectoryItsSummaryItsPrefixOrTheBucket(@TempDir Path bucket) {
    Path dir = GoldenExport.copyTo(bucket);
    String expected = TableExport.open(store, dir.toUri().toString(), KEY).dir();
    for (Path p : List.of(dir.resolve("manifest-summary.json"), dir.getParent(), dir.getParent().getParent(),
        bucket.resolve(GoldenExport.PREFIX))) {
      assertEquals(expected, TableExport.open(store, p.toUri().toString(), KEY).dir(), "from " + p);
    }
  }

  @Test
  void bothInputFormatsReadTheGoldenExportOneSplitPerFile(@TempDir Path bucket) throws Exception {
    Path dir = GoldenExport.copyTo(bucket);
    JobConf job = new JobConf(false);
    job.set(KEY, bucket.resolve(GoldenExport.PREFIX).toUri().toString());
    DynamoDBExportInputFormat old = new DynamoDBExportInputFormat();
    InputSplit[] splits = old.getSplits(job, 1);
    assertEquals(3, splits.length);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (InputSplit split : splits) {
      RecordReader<Text, DynamoDBItemWritable> r = old.getRecordReader(split, job, Reporter.NULL);
      Text key = r.createKey();
      DynamoDBItemWritable value = r.createValue();
      while (r.next(key, value)) {
        items.add(value.getItem());
        assertEquals("", key.toString(), "no table given: the key schema is unknown");
      }
      r.close();
    }
    assertEquals(GoldenExport.items(), items);

    io.ddbconnector.mapreduce.DynamoDBExportInputFormat neu = new io.ddbconnector.mapreduce.DynamoDBExportInputFormat();
    List<org.apache.hadoop.mapreduce.InputSplit> newSplits = neu.getSplits(new JobContextImpl(job, null));
    List<Map<String, AttributeValue>> newItems = new ArrayList<>();
    for (org.apache.hadoop.mapreduce.InputSplit split : newSplits) {
      TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(job, new TaskAttemptID());
      org.apache.hadoop.mapreduce.RecordReader<Text, DynamoDBItemWritable> r = neu.createRecordReader(split, ctx);
      r.initialize(split, ctx);
      while (r.nextKeyValue()) {
        newItems.add(r.getCurrentValue().getItem());
      }
      r.close();
    }
    assertEquals(GoldenExport.items(), newItems);
  }

  @Test
  void aSplitSurvivesHadoopSerialisation(@TempDir Path bucket) throws IOException {
    Path dir = GoldenExport.copyTo(bucket);
    ExportDataFile f = TableExport.open(store, dir.toString(), KEY).files().get(0);
    ExportSplit split = new ExportSplit(f, 123, List.of("Id"));
    org.apache.hadoop.io.DataOutputBuffer out = new org.apache.hadoop.io.DataOutputBuffer();
    split.write(out);
    org.apache.hadoop.io.DataInputBuffer in = new org.apache.hadoop.io.DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    ExportSplit back = new ExportSplit();
    back.readFields(in);
    assertEquals(split, back);
    assertEquals(123, back.getLength());
    assertEquals(List.of("Id"), back.keyNames());
  }

  // ---- broken exports --------------------------------------------------------------------------------------------

  @Test
  void aMissingPathIsNamed(@TempDir Path bucket) {
    String p = bucket.resolve("nothing-here").toString();
    InvalidExportException e = assertThrows(InvalidExportException.class, () -> TableExport.open(store, p, KEY));
    assertTrue(e.getMessage().contains(p) && e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void aDirectoryWithoutAnyManifestIsNotAnExport(@TempDir Path bucket) throws IOException {
    Files.createDirectories(bucket.resolve("other"));
    InvalidExportException e = assertThrows(InvalidExportException.class,
        () -> TableExport.open(store, bucket.toString(), KEY));
    assertTrue(e.getMessage().contains("no DynamoDB export at " + bucket), e.getMessage());
    assertTrue(e.getMessage().contains("manifest-summary.json"), e.getMessage());
  }

  @Test
  void anUnfinishedExportIsRefusedAsNotFinished(@TempDir Path bucket) throws IOException {
    Path dir = GoldenExport.copyTo(bucket);
    Files.delete(dir.resolve("manifest-summary.json"));
    for (Path p : List.of(dir, bucket.resolve(GoldenExport.PREFIX))) {
      InvalidExportException e = assertThrows(InvalidExportException.class,
          () -> TableExport.open(store, p.toString(), KEY));
      assertTrue(e.getMessage().contains("is not finished") && e.getMessage().contains("_started"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.getFileName().toString()), e.getMessage());
    }
  }

  @Test
  void twoExportsUnderOnePrefixAreAmbiguous(@TempDir Path bucket) throws IOException {
    Path dir = GoldenExport.copyTo(bucket);
    Path other = dir.resolveSibling("01604474999999-00000000");
    Files.createDirectories(other);
    Files.copy(dir.resolve("manifest-summary.json"), other.resolve("manifest-summary.json"));
    InvalidExportException e = assertThrows(InvalidExportException.class,
        () -> TableExport.open(store, bucket.resolve(GoldenExport.PREFIX).toString(), KEY));
    assertTrue(e.getMessage().contains("holds 2 DynamoDB exports"), e.getMessage());
  }

  @Test
  void aMissingFilesManifestOrDataFileIsIncomplete(@TempDir Path bucket) throws IOException {
    Path dir = GoldenExport.copyTo(bucket);
    Files.delete(dir.resolve("data").resolve(GoldenExport.FIRST_DATA_FILE));
    InvalidExportException e = assertThrows(InvalidExportException.class,
        () -> TableExport.open(store, dir.toString(), KEY));
    assertTrue(e.getMessage().contains("incomplete") && e.getMessage().contains("vzqnbaue2i7qdj5aqyyhxpuzu4.json.gz"),
        e.getMessage());
    Files.delete(dir.resolve("manifest-files.json"));
    e = assertThrows(InvalidExportException.class, () -> TableExport.open(store, dir.toString(), KEY));
    assertTrue(e.getMessage().contains("incomplete") && e.getMessage().contains("manifest-files.json"), e.getMessage());
  }

  @Test
  void aFileWithFewerItemsThanTheManifestSaysFailsNamingIt(@TempDir Path bucket) throws IOException {
    Path dir = GoldenExport.copyTo(bucket);
    Path data = dir.resolve("data").resolve(GoldenExport.FIRST_DATA_FILE);
    String firstTwoLines = goldenLines(data, 2);
    gzip(data, firstTwoLines);
    TableExport export = TableExport.open(store, dir.toString(), KEY);
    InvalidExportException e = assertThrows(InvalidExportException.class, () -> readAll(export));
    assertTrue(e.getMessage().contains(data.getFileName().toString()) && e.getMessage().contains("holds 2 items")
        && e.getMessage().contains("itemCount 3"), e.getMessage());
  }

  @Test
  void aTruncatedGzipFailsNamingTheFile(@TempDir Path bucket) throws IOException {
    Path dir = GoldenExport.copyTo(bucket);
    Path data = dir.resolve("data").resolve(GoldenExport.FIRST_DATA_FILE);
    byte[] bytes = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    TableExport export = TableExport.open(store, dir.toString(), KEY);
    InvalidExportException e = assertThrows(InvalidExportException.class, () -> readAll(export));
    assertTrue(e.getMessage().contains(data.getFileName().toString()), e.getMessage());
  }

  @Test
  void aBadLineFailsNamingTheFileAndTheLineNumber(@TempDir Path bucket) throws IOException {
    Path dir = GoldenExport.copyTo(bucket);
    Path data = dir.resolve("data").resolve(GoldenExport.FIRST_DATA_FILE);
    String lines = goldenLines(data, 3);
    String[] split = lines.split("\n");
    gzip(data, split[0] + "\n" + split[1] + "\n" + "{\"Item\":{\"Id\":{\"N\":\"103\"},\"x\":{\"Q\":\"1\"}}}\n");
    TableExport export = TableExport.open(store, dir.toString(), KEY);
    InvalidExportException e = assertThrows(InvalidExportException.class, () -> readAll(export));
    assertTrue(e.getMessage().contains(data.getFileName().toString() + ", line 3"), e.getMessage());
  }

  @Test
  void ionAndIncrementalExportsAreRefusedNamingTheSummary(@TempDir Path bucket) throws IOException {
    Path dir = GoldenExport.copyTo(bucket);
    Path summary = dir.resolve("manifest-summary.json");
    String text = Files.readString(summary);
    Files.writeString(summary, text.replace("\"DYNAMODB_JSON\"", "\"ION\""));
    InvalidExportException e = assertThrows(InvalidExportException.class,
        () -> TableExport.open(store, dir.toString(), KEY));
    assertTrue(e.getMessage().contains("manifest-summary.json") && e.getMessage().contains("ION"), e.getMessage());
    Files.writeString(summary, text.replace("\"FULL_EXPORT\"", "\"INCREMENTAL_EXPORT\""));
    e = assertThrows(InvalidExportException.class, () -> TableExport.open(store, dir.toString(), KEY));
    assertTrue(e.getMessage().contains("INCREMENTAL_EXPORT"), e.getMessage());
  }

  private static String goldenLines(Path gz, int n) throws IOException {
    try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
        new java.util.zip.GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(r.readLine()).append('\n');
      }
      return sb.toString();
    }
  }

  private static void gzip(Path file, String text) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
