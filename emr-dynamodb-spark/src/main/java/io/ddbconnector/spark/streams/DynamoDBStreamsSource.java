package io.ddbconnector.spark.streams;

import io.ddbconnector.spark.SparkSettings;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dynamodb-streams} source: {@code spark.readStream.format("dynamodb-streams").option("tableName", t)}
 * reads the table's DynamoDB stream (its change log) shard by shard in micro-batches, each row one change
 * ({@link StreamRows#SCHEMA}). The query's offsets are the per-shard sequence numbers, kept in Spark's
 * checkpoint, so a restarted query resumes exactly after the last committed change; a parent shard's changes
 * come in earlier micro-batches than its children's.
 */
public final class DynamoDBStreamsSource implements TableProvider, DataSourceRegister {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBStreamsSource.class);

  @Override
  public String shortName() {
    return "dynamodb-streams";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return StreamRows.SCHEMA;
  }

  /** A user schema may pick columns and declare the images as structs (typed like the batch source's rows). */
  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    StructType s = schema == null || schema.isEmpty() ? StreamRows.SCHEMA : schema;
    StreamRows.validate(s, properties.getOrDefault("tableName", "?"));
    return new StreamsTable(s, properties);
  }

  static SparkSettings settings(Map<String, String> options) {
    SparkSettings s = SparkSettings.from(SparkSession.active(), options);
    for (String w : s.checkKeys()) {
      LOG.warn(w);
    }
    if (s.tableName() == null) {
      throw new IllegalArgumentException("The dynamodb-streams source needs option 'tableName': the table whose"
          + " stream to read");
    }
    return s;
  }

  /** A table's stream as a Spark table: micro-batch reads only. */
  static final class StreamsTable implements SupportsRead {
    private final StructType schema;
    private final Map<String, String> properties;

    StreamsTable(StructType schema, Map<String, String> properties) {
      this.schema = schema;
      this.properties = Collections.unmodifiableMap(new HashMap<>(properties));
    }

    @Override
    public String name() {
      return "dynamodb-streams:" + properties.getOrDefault("tableName", "?");
    }

    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
      return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
      return EnumSet.of(TableCapability.MICRO_BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      Map<String, String> all = new HashMap<>(properties);
      all.putAll(options.asCaseSensitiveMap());
      SparkSettings settings = settings(all);
      return () -> new Scan() {
        @Override
        public StructType readSchema() {
          return schema;
        }

        @Override
        public String description() {
          return "DynamoDB stream of table '" + settings.tableName() + "'";
        }

        @Override
        public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
          return new StreamsMicroBatchStream(settings, schema);
        }
      };
    }
  }
}
