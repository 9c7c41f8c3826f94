package io.ddbconnector.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The export format of the EMR reference connector ({@code awslabs/emr-dynamodb-connector}, its
 * {@code DynamoDBExport} tool and {@code org.apache.hadoop.dynamodb.exportformat} classes), so exports made by
 * it import here and exports made here import there.
 *
 * <p>A directory holds data files with one item per line and a file named {@value #MANIFEST} listing them:
 *
 * <pre>{@code
 * {"name":"DynamoDB-export","version":3,
 * "entries": [
 * {"url":"s3://bucket/dir/5c1f...","mandatory":true},
 * {"url":"s3://bucket/dir/9a0e...","mandatory":true}
 * ]}
 * }</pre>
 *
 * An item line is a JSON object of attribute name to value, a value being an object with one member named by
 * its type in the AWS SDK v1 field spelling: {@code s}, {@code n}, {@code b} (base64), {@code sS}, {@code nS},
 * {@code bS}, {@code m}, {@code l}, {@code nULL}, {@code bOOL}; type names are matched ignoring case, as the
 * reference does. Lines of the older Data Pipeline format ({@code name^C{"s":"x"}^Bname2^C...}, no manifest)
 * are read as well. Unlike the reference, empty lists and maps read back as empty lists and maps.
 */
final class ReferenceFormat {

  static final String MANIFEST = "manifest";
  static final String NAME = "DynamoDB-export";
  static final int VERSION = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final char STX = '\u0002';
  private static final char ETX = '\u0003';

  private ReferenceFormat() {}

  /** The manifest listing {@code urls} (absolute, as the reference writes them). */
  static String manifest(List<String> urls) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"name\":\"").append(NAME).append("\",\"version\":").append(VERSION).append(",\n\"entries\": [\n");
    for (int i = 0; i < urls.size(); i++) {
      if (i > 0) {
        sb.append(",\n");
      }
      ObjectNodeWriter.entry(sb, urls.get(i));
    }
    return sb.append("\n]}").toString();
  }

  /** The data file URLs a manifest lists; {@code where} names the file in error messages. */
  static List<String> parseManifest(String text, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new ToolException(where + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ToolException(where + " is not a JSON object");
    }
    if (root.has("version") && root.get("version").asInt() != VERSION) {
      throw new ToolException(where + " has version " + root.get("version") + "; the reference connector's"
          + " exports this tool reads have version " + VERSION);
    }
    List<String> urls = new ArrayList<>();
    for (JsonNode entry : root.path("entries")) {
      JsonNode url = entry.get("url");
      if (url == null || !url.isTextual() || url.asText().isEmpty()) {
        throw new ToolException(where + ": entry " + entry + " has no \"url\"");
      }
      urls.add(url.asText());
    }
    return urls;
  }

  /** Whether {@code text} (a file's beginning) is the reference's manifest. */
  static boolean isManifest(String text) {
    try {
      JsonNode root = JSON.readTree(text);
      return root != null && NAME.equals(root.path("name").asText()) && root.has("entries");
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes one item as a line of the reference's format (without the newline). */
  static void write(Map<String, AttributeValue> item, Writer out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(e.getValue(), g);
      }
      g.writeEndObject();
    }
  }

  static String toLine(Map<String, AttributeValue> item) {
    StringWriter w = new StringWriter();
    try {
      write(item, w);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  private static void writeValue(AttributeValue v, JsonGenerator g) throws IOException {
    g.writeStartObject();
    switch (v.type()) {
      case S:
        g.writeStringField("s", v.s());
        break;
      case N:
        g.writeStringField("n", v.n());
        break;
      case B:
        g.writeStringField("b", base64(v.b()));
        break;
      case BOOL:
        g.writeBooleanField("bOOL", v.bool());
        break;
      case NUL:
        g.writeBooleanField("nULL", v.nul());
        break;
      case SS:
        g.writeArrayFieldStart("sS");
        for (String s : v.ss()) {
          g.writeString(s);
        }
        g.writeEndArray();
        break;
      case NS:
        g.writeArrayFieldStart("nS");
        for (String s : v.ns()) {
          g.writeString(s);
        }
        g.writeEndArray();
        break;
      case BS:
        g.writeArrayFieldStart("bS");
        for (SdkBytes b : v.bs()) {
          g.writeString(base64(b));
        }
        g.writeEndArray();
        break;
      case L:
        g.writeArrayFieldStart("l");
        for (AttributeValue e : v.l()) {
          writeValue(e, g);
        }
        g.writeEndArray();
        break;
      case M:
        g.writeObjectFieldStart("m");
        for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
          g.writeFieldName(e.getKey());
          writeValue(e.getValue(), g);
        }
        g.writeEndObject();
        break;
      default:
        throw new IllegalArgumentException("cannot write a value of unknown type: " + v);
    }
    g.writeEndObject();
  }

  private static String base64(SdkBytes b) {
    return Base64.getEncoder().encodeToString(b.asByteArray());
  }

  /**
   * Parses one line of the reference's format (or of the Data Pipeline format it also reads).
   *
   * @throws IllegalArgumentException naming the attribute when the line is not an item
   */
  static Map<String, AttributeValue> parseLine(String line) {
    String json = line.trim();
    if (!json.startsWith("{")) {
      json = "{" + json.replace(STX, ',').replace(ETX, ':') + "}";
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
          ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() : e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      item.put(f.getKey(), value(f.getValue(), f.getKey()));
    }
    return item;
  }

  private static AttributeValue value(JsonNode node, String path) {
    if (node == null || !node.isObject() || node.size() == 0) {
      throw new IllegalArgumentException("attribute " + path + ": expected an object such as {\"s\":\"text\"}, got "
          + node);
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue; // the SDK v1 serialised unset fields as null in some versions
      }
      switch (e.getKey().toUpperCase(java.util.Locale.ROOT)) {
        case "S":
          return AttributeValue.fromS(text(v, path));
        case "N":
          return AttributeValue.fromN(text(v, path));
        case "B":
          return AttributeValue.fromB(bytes(v, path));
        case "BOOL":
          return AttributeValue.fromBool(bool(v, path));
        case "NULL":
          return AttributeValue.fromNul(bool(v, path));
        case "SS":
          return AttributeValue.fromSs(strings(v, path, "sS"));
        case "NS":
          return AttributeValue.fromNs(strings(v, path, "nS"));
        case "BS": {
          List<SdkBytes> list = new ArrayList<>();
          for (JsonNode b : array(v, path, "bS")) {
            list.add(bytes(b, path));
          }
          return AttributeValue.fromBs(list);
        }
        case "L": {
          List<AttributeValue> list = new ArrayList<>();
          int i = 0;
          for (JsonNode el : array(v, path, "l")) {
            list.add(value(el, path + "[" + i++ + "]"));
          }
          return AttributeValue.fromL(list);
        }
        case "M": {
          if (!v.isObject()) {
            throw new IllegalArgumentException("attribute " + path + ": \"m\" must be an object");
          }
          Map<String, AttributeValue> m = new LinkedHashMap<>();
          Iterator<Map.Entry<String, JsonNode>> mf = v.fields();
          while (mf.hasNext()) {
            Map.Entry<String, JsonNode> me = mf.next();
            m.put(me.getKey(), value(me.getValue(), path + "." + me.getKey()));
          }
          return AttributeValue.fromM(m);
        }
        default:
          // another member (the reference skips what it does not know): look at the next one
      }
    }
    throw new IllegalArgumentException("attribute " + path + ": no known type in " + node);
  }

  private static String text(JsonNode v, String path) {
    if (!v.isValueNode()) {
      throw new IllegalArgumentException("attribute " + path + ": expected a string, got " + v);
    }
    return v.asText();
  }

  private static boolean bool(JsonNode v, String path) {
    if (v.getNodeType() == JsonNodeType.BOOLEAN) {
      return v.booleanValue();
    }
    if (v.isTextual() && ("true".equalsIgnoreCase(v.asText()) || "false".equalsIgnoreCase(v.asText()))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw new IllegalArgumentException("attribute " + path + ": expected true or false, got " + v);
  }

  private static SdkBytes bytes(JsonNode v, String path) {
    try {
      return SdkBytes.fromByteArray(Base64.getMimeDecoder().decode(text(v, path)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("attribute " + path + ": not base64: " + v);
    }
  }

  private static JsonNode array(JsonNode v, String path, String type) {
    if (!v.isArray()) {
      throw new IllegalArgumentException("attribute " + path + ": \"" + type + "\" must be an array, got " + v);
    }
    return v;
  }

  private static List<String> strings(JsonNode v, String path, String type) {
    List<String> list = new ArrayList<>();
    for (JsonNode s : array(v, path, type)) {
      list.add(text(s, path));
    }
    return list;
  }

  /** The manifest's entries, written as the reference writes them. */
  private static final class ObjectNodeWriter {
    static void entry(StringBuilder sb, String url) {
      try {
        sb.append("{\"url\":").append(JSON.writeValueAsString(url)).append(",\"mandatory\":true}");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
