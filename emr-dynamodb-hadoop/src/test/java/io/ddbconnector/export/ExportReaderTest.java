package io.ddbconnector.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddbconnector.hadoop.DynamoDBItemWritable;
import io.ddbconnector.hadoop.ExportSplit;
import io.ddbconnector.hadoop.HadoopExportStore;
import io.ddbconnector.mapred.DynamoDBExportInputFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the golden export, written by hand from AWS's documented format (not by any writer of this project), and
 * exports broken in the ways real ones break. No backend, no job: the readers and input formats are called directly.
 */
class ExportReaderTest {

  private static final String KEY = "dynamodb.export.path";
  private final HadoopExportStore store = new HadoopExportStore(new Configuration());

  // ---- the items of the golden export, built by hand ---------------------------------------------------------

  static List<Map<String, AttributeValue>> goldenItems() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> book = new LinkedHashMap<>();
    book.put("Id", n("101"));
    book.put("Title", s("Book 101 Title"));
    book.put("ISBN", s("111-1111111111"));
    book.put("Authors", AttributeValue.fromL(List.of(s("Author1"))));
    book.put("Price", n("2"));
    book.put("Dimensions", s("8.5 x 11.0 x 0.5"));
    book.put("PageCount", n("500"));
    book.put("InPublication", AttributeValue.fromBool(true));
    book.put("ProductCategory", s("Book"));
    items.add(book);

    Map<String, AttributeValue> all = new LinkedHashMap<>();
    all.put("Id", n("102"));
    all.put("s", s("caf\u00e9 \"q\" \\ / \u2603 \ud83d\ude00 \ud83d\ude00\n\tend"));
    all.put("empty", s(""));
    all.put("n", n("-12345678901234567890.123456789012345678"));
    all.put("tiny", n("1E-130"));
    all.put("huge", n("9.99E+125"));
    all.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
    all.put("bool", AttributeValue.fromBool(false));
    all.put("nul", AttributeValue.fromNul(true));
    Map<String, AttributeValue> deep = new LinkedHashMap<>();
    deep.put("x", n("0"));
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put("inner", s("v"));
    m.put("deep", AttributeValue.fromM(deep));
    all.put("m", AttributeValue.fromM(m));
    all.put("l", AttributeValue.fromL(List.of(s("a"), n("1.5"), AttributeValue.fromNul(true),
        AttributeValue.fromL(List.of()), AttributeValue.fromM(Map.of()))));
    all.put("ss", AttributeValue.fromSs(List.of("x", "y")));
    all.put("ns", AttributeValue.fromNs(List.of("1", "2.5", "-3")));
    all.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {0}),
        SdkBytes.fromByteArray(new byte[] {1, 2}))));
    items.add(all);

    Map<String, AttributeValue> short103 = new LinkedHashMap<>();
    short103.put("Id", n("103"));
    short103.put("Title", s("Book 103 Title"));
    items.add(short103);

    Map<String, AttributeValue> named = new LinkedHashMap<>();
    named.put("Id", n("201"));
    named.put("bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xff, (byte) 0xef})));
    named.put("Item", s("an attribute named Item"));
    items.add(named);
    return items;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

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
    Path dir = ExportFixtures.golden(bucket);
    TableExport export = TableExport.open(store, dir.toUri().toString(), KEY);
    assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/ProductCatalog", export.summary().tableArn());
    assertEquals("ProductCatalog", export.summary().tableName());
    assertEquals("2020-11-04T07:28:34.028Z", export.summary().exportTime());
    assertEquals(4, export.summary().itemCount());
    assertEquals(3, export.files().size(), "three data files, one of them empty");
    assertEquals(List.of(3L, 1L, 0L), export.files().stream().map(ExportDataFile::itemCount).toList());
    assertEquals(goldenItems(), readAll(export));
  }

  @Test
  void theExportIsFoundFromItsDirectoryItsSummaryItsPrefixOrTheBucket(@TempDir Path bucket) {
    Path dir = ExportFixtures.golden(bucket);
    String expected = TableExport.open(store, dir.toUri().toString(), KEY).dir();
    for (Path p : List.of(dir.resolve("manifest-summary.json"), dir.getParent(), dir.getParent().getParent(),
        bucket.resolve(ExportFixtures.PREFIX))) {
      assertEquals(expected, TableExport.open(store, p.toUri().toString(), KEY).dir(), "from " + p);
    }
  }

  @Test
  void bothInputFormatsReadTheGoldenExportOneSplitPerFile(@TempDir Path bucket) throws Exception {
    Path dir = ExportFixtures.golden(bucket);
    JobConf job = new JobConf(false);
    job.set(KEY, bucket.resolve(ExportFixtures.PREFIX).toUri().toString());
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
    assertEquals(goldenItems(), items);

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
    assertEquals(goldenItems(), newItems);
  }

  @Test
  void aSplitSurvivesHadoopSerialisation(@TempDir Path bucket) throws IOException {
    Path dir = ExportFixtures.golden(bucket);
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
    Path dir = ExportFixtures.golden(bucket);
    Files.delete(dir.resolve("manifest-summary.json"));
    for (Path p : List.of(dir, bucket.resolve(ExportFixtures.PREFIX))) {
      InvalidExportException e = assertThrows(InvalidExportException.class,
          () -> TableExport.open(store, p.toString(), KEY));
      assertTrue(e.getMessage().contains("is not finished") && e.getMessage().contains("_started"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.getFileName().toString()), e.getMessage());
    }
  }

  @Test
  void twoExportsUnderOnePrefixAreAmbiguous(@TempDir Path bucket) throws IOException {
    Path dir = ExportFixtures.golden(bucket);
    Path other = dir.resolveSibling("01604474999999-00000000");
    Files.createDirectories(other);
    Files.copy(dir.resolve("manifest-summary.json"), other.resolve("manifest-summary.json"));
    InvalidExportException e = assertThrows(InvalidExportException.class,
        () -> TableExport.open(store, bucket.resolve(ExportFixtures.PREFIX).toString(), KEY));
    assertTrue(e.getMessage().contains("holds 2 DynamoDB exports"), e.getMessage());
  }

  @Test
  void aMissingFilesManifestOrDataFileIsIncomplete(@TempDir Path bucket) throws IOException {
    Path dir = ExportFixtures.golden(bucket);
    Files.delete(ExportFixtures.firstDataFile(dir));
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
    Path dir = ExportFixtures.golden(bucket);
    Path data = ExportFixtures.firstDataFile(dir);
    String firstTwoLines = goldenLines(data, 2);
    gzip(data, firstTwoLines);
    TableExport export = TableExport.open(store, dir.toString(), KEY);
    InvalidExportException e = assertThrows(InvalidExportException.class, () -> readAll(export));
    assertTrue(e.getMessage().contains(data.getFileName().toString()) && e.getMessage().contains("holds 2 items")
        && e.getMessage().contains("itemCount 3"), e.getMessage());
  }

  @Test
  void aTruncatedGzipFailsNamingTheFile(@TempDir Path bucket) throws IOException {
    Path dir = ExportFixtures.golden(bucket);
    Path data = ExportFixtures.firstDataFile(dir);
    byte[] bytes = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    TableExport export = TableExport.open(store, dir.toString(), KEY);
    InvalidExportException e = assertThrows(InvalidExportException.class, () -> readAll(export));
    assertTrue(e.getMessage().contains(data.getFileName().toString()), e.getMessage());
  }

  @Test
  void aBadLineFailsNamingTheFileAndTheLineNumber(@TempDir Path bucket) throws IOException {
    Path dir = ExportFixtures.golden(bucket);
    Path data = ExportFixtures.firstDataFile(dir);
    String lines = goldenLines(data, 3);
    String[] split = lines.split("\n");
    gzip(data, split[0] + "\n" + split[1] + "\n" + "{\"Item\":{\"Id\":{\"N\":\"103\"},\"x\":{\"Q\":\"1\"}}}\n");
    TableExport export = TableExport.open(store, dir.toString(), KEY);
    InvalidExportException e = assertThrows(InvalidExportException.class, () -> readAll(export));
    assertTrue(e.getMessage().contains(data.getFileName().toString() + ", line 3"), e.getMessage());
  }

  @Test
  void ionAndIncrementalExportsAreRefusedNamingTheSummary(@TempDir Path bucket) throws IOException {
    Path dir = ExportFixtures.golden(bucket);
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
