package io.ddbconnector.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB table export written by hand from AWS's documentation of the format (DynamoDB developer guide, "DynamoDB
 * table export output format"), not by any writer of this project, so that a misreading of the format shared by
 * this project's writers and readers cannot pass: {@code manifest-summary.json} as the guide shows it (with
 * {@code exportType}), {@code manifest-files.json} with one line per data file ({@code itemCount},
 * {@code md5Checksum}, {@code etag}, {@code dataFileS3Key} with the export prefix), {@code _started}, and three data
 * files of {@code {"Item":{...}}} lines: every attribute type (S N B BOOL NULL M L SS NS BS), exact numbers,
 * escapes and non-ASCII text, an attribute named {@code Item}, and an empty file (the service's file for an empty
 * partition). The data files are kept as plain text under {@code src/main/resources/io/ddbconnector/testkit/
 * golden-export} and gzipped by {@link #copyTo} to the {@code .json.gz} names the manifest lists. The checksums in
 * the manifest are not those of the gzipped files (no reader here checks them).
 */
public final class GoldenExport {

  /** The export prefix ({@code s3Prefix}). */
  public static final String PREFIX = "2020-Nov";
  public static final String EXPORT_ID = "01604474914028-a1b2c3d4";
  /** The table the summary names. */
  public static final String TABLE = "ProductCatalog";
  /** The data file holding three items. */
  public static final String FIRST_DATA_FILE = "vzqnbaue2i7qdj5aqyyhxpuzu4.json.gz";
  private static final String ROOT = "golden-export/" + PREFIX + "/AWSDynamoDB/" + EXPORT_ID + "/";
  private static final List<String> FILES = List.of("_started", "manifest-summary.json", "manifest-files.json",
      "data/vzqnbaue2i7qdj5aqyyhxpuzu4.json", "data/k6m3xlf3m4d5ebwcy5mjxz3qwe.json",
      "data/3tqzd6xz4ia2pgb6ktm2rlvaay.json");

  private GoldenExport() {}

  /**
   * Writes the export under {@code bucket} (standing for the S3 bucket) at {@code 2020-Nov/AWSDynamoDB/<id>/};
   * returns that directory.
   */
  public static Path copyTo(Path bucket) {
    Path dir = bucket.resolve(PREFIX).resolve("AWSDynamoDB").resolve(EXPORT_ID);
    try {
      Files.createDirectories(dir.resolve("data"));
      for (String f : FILES) {
        byte[] bytes;
        try (InputStream in = GoldenExport.class.getResourceAsStream(ROOT + f)) {
          if (in == null) {
            throw new IllegalStateException("missing resource " + ROOT + f);
          }
          bytes = in.readAllBytes();
        }
        if (f.startsWith("data/")) {
          try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(f + ".gz")))) {
            out.write(bytes);
          }
        } else {
          Files.write(dir.resolve(f), bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * The items of the golden export, built by hand from its data lines (not parsed): in file order, numbers as
   * their exact text.
   */
  public static List<Map<String, AttributeValue>> items() {
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
}
