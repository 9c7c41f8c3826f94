package io.ddbconnector.export;

import io.ddbconnector.types.DynamoJson;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of one export data file: gzip (by the {@code .gz} name) of UTF-8 lines, each {@code {"Item":{...}}}
 * in DynamoDB JSON, parsed by {@link DynamoJson} so numbers keep their exact text. A line that does not parse fails
 * naming the file and the line number; at the end of the file the items read must be the manifest's
 * {@code itemCount} for it, so a truncated or replaced file never passes silently.
 */
public final class ExportItemReader implements Iterator<Map<String, AttributeValue>>, Closeable {

  private final BufferedReader lines;
  private final String name;
  private final long expected;
  private long lineNo;
  private long items;
  private Map<String, AttributeValue> next;
  private boolean done;

  /**
   * @param in the file's bytes, closed by {@link #close()}
   * @param name the file's path, for errors
   * @param expectedItems the manifest's {@code itemCount}, or -1 to skip the check
   */
  public ExportItemReader(InputStream in, String name, long expectedItems) throws IOException {
    this.name = name;
    this.expected = expectedItems;
    InputStream raw = name.endsWith(".gz") ? gunzip(in, name) : in;
    this.lines = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
  }

  /** Opens {@code file} of {@code store}. */
  public static ExportItemReader open(ExportStore store, ExportDataFile file) {
    try {
      return new ExportItemReader(store.open(file.path()), file.path(), file.itemCount());
    } catch (IOException e) {
      throw new InvalidExportException("cannot read export data file " + file.path() + ": " + e, e);
    }
  }

  private static InputStream gunzip(InputStream in, String name) throws IOException {
    try {
      return new GZIPInputStream(in, 64 * 1024);
    } catch (java.io.EOFException empty) {
      in.close();
      return InputStream.nullInputStream(); // a zero-byte file: no items
    } catch (IOException e) {
      in.close();
      throw new InvalidExportException("export data file " + name + " is not gzip: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public Map<String, AttributeValue> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Map<String, AttributeValue> item = next;
    next = null;
    return item;
  }

  /** Items returned so far. */
  public long itemsRead() {
    return items;
  }

  /** Share of the manifest's items read, 0 to 1. */
  public float progress() {
    return expected <= 0 ? (done ? 1f : 0f) : Math.min(1f, (float) items / expected);
  }

  private Map<String, AttributeValue> advance() {
    while (true) {
      String line;
      try {
        line = lines.readLine();
      } catch (IOException e) {
        throw new InvalidExportException("export data file " + name + ": cannot read past line " + lineNo
            + " (a truncated or damaged file?): " + e, e);
      }
      if (line == null) {
        done = true;
        if (expected >= 0 && items != expected) {
          throw new InvalidExportException("export data file " + name + " holds " + items + " items but "
              + ExportManifests.FILES + " says itemCount " + expected + " for it: the file is truncated or is not"
              + " the one the export wrote");
        }
        return null;
      }
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        Map<String, AttributeValue> item = DynamoJson.parseExportLine(line);
        items++;
        return item;
      } catch (IllegalArgumentException e) {
        throw new InvalidExportException("export data file " + name + ", line " + lineNo + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException e) {
      throw new InvalidExportException("cannot close export data file " + name + ": " + e, e);
    }
  }
}
