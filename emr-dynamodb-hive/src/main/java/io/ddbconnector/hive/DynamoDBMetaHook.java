package io.ddbconnector.hive;

import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.conf.KeyCheck;
import io.ddbconnector.conf.Settings;
import io.ddbconnector.core.DynamoDBConnector;
import io.ddbconnector.hive.ColumnMapping.Column;
import io.ddbconnector.read.ReadSettings;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.DefaultHiveMetaHook;
import org.apache.hadoop.hive.metastore.TableType;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.hive_metastoreConstants;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Checks a DynamoDB-backed table when it is created, so mistakes surface at {@code CREATE TABLE} rather than
 * in the first query: the table must be EXTERNAL (dropping it never touches DynamoDB), the DynamoDB table
 * must exist, the column and type mappings must be valid, and every key attribute must be mapped by a
 * column of a compatible type, no {@code dynamodb.*} property may be a near miss of a known key (a misspelt
 * {@code dynamodb.colum.mapping} would leave a column NULL in every row), and no property may hold a secret
 * (the metastore keeps it in clear text and {@code DESCRIBE} shows it). {@code ALTER TABLE} is checked the
 * same way, so a table that holds secrets from before can be altered once they are unset. A table with a
 * whole-item column ({@link ColumnMapping}) needs no key columns: the item carries its key. {@code INSERT
 * OVERWRITE} writes and deletes nothing ({@link #preInsertTable}).
 */
public class DynamoDBMetaHook extends DefaultHiveMetaHook {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDBMetaHook.class);

  private final Configuration conf;

  public DynamoDBMetaHook(Configuration conf) {
    this.conf = conf == null ? new Configuration(false) : conf;
  }

  @Override
  public void preCreateTable(Table table) throws MetaException {
    try {
      validate(table);
    } catch (IllegalArgumentException | DynamoDBConnectorException e) {
      throw new MetaException(e.getMessage());
    }
  }

  /** Checks the table again when it is altered (e.g. new mapping properties), with the same rules. */
  @Override
  public void preAlterTable(Table table, EnvironmentContext context) throws MetaException {
    preCreateTable(table);
  }

  /** The checks of {@link #preCreateTable}, throwing with a message that names what is wrong. */
  void validate(Table table) {
    String hiveTable = table.getDbName() + "." + table.getTableName();
    boolean external = TableType.EXTERNAL_TABLE.name().equals(table.getTableType())
        || "TRUE".equalsIgnoreCase(table.getParameters() == null ? null : table.getParameters().get("EXTERNAL"));
    if (!external) {
      throw new IllegalArgumentException("Hive table '" + hiveTable + "' is backed by DynamoDB and must be EXTERNAL: "
          + "use CREATE EXTERNAL TABLE ... STORED BY '" + handlerName(table) + "'. "
          + "Dropping it never deletes the DynamoDB table.");
    }
    if (table.getPartitionKeys() != null && !table.getPartitionKeys().isEmpty()) {
      throw new IllegalArgumentException("Hive table '" + hiveTable + "' is backed by DynamoDB and cannot be "
          + "partitioned: declare the partition columns as ordinary columns.");
    }
    Properties props = properties(table);
    refuseSecrets(props, hiveTable);
    Map<String, String> session = HiveTableProperties.settings(conf).raw();
    checkKeys(props, session);
    String dynamoTable = HiveTableProperties.tableName(props, hiveTable);
    List<String> names = new ArrayList<>();
    List<TypeInfo> types = new ArrayList<>();
    for (FieldSchema f : table.getSd().getCols()) {
      names.add(f.getName());
      types.add(TypeInfoUtils.getTypeInfoFromTypeString(f.getType()));
    }
    ColumnMapping mapping = ColumnMapping.of(names, types, props);

    Map<String, String> raw = new TreeMap<>(session);
    raw.putAll(HiveTableProperties.coreKeys(props));
    raw.put(ConnectorOptions.INPUT_TABLE_NAME.name(), dynamoTable);
    Settings settings = Settings.of(raw);
    TableInfo info;
    try {
      info = DynamoDBConnector.describeInput(ReadSettings.from(settings), new ConnectorMetrics());
    } catch (DynamoDBConnectorException e) {
      if (e.getCause() instanceof ResourceNotFoundException) {
        throw new IllegalArgumentException("DynamoDB table '" + dynamoTable + "' (table property '"
            + HiveTableProperties.TABLE_NAME + "' of Hive table '" + hiveTable + "') does not exist at "
            + ReadSettings.from(settings).client().describeTarget() + ".", e);
      }
      throw e;
    }
    for (TableInfo.KeyAttribute key : info.keys()) {
      Column c = mapping.byAttribute(key.name());
      if (c == null && mapping.wholeItem() != null) {
        continue; // the whole-item column carries the key
      }
      if (c == null) {
        throw new IllegalArgumentException("DynamoDB table '" + dynamoTable + "' has key attribute '" + key.name()
            + "' (" + key.type() + "), which no column of Hive table '" + hiveTable + "' maps to: add a column "
            + "named '" + key.name() + "' or map one in table property '" + HiveTableProperties.COLUMN_MAPPING
            + "' (e.g. \"mycol:" + key.name() + "\").");
      }
      if (!c.dynamoType().equals(key.type())) {
        throw new IllegalArgumentException("Hive column '" + c.hiveName() + "' (" + c.type().getTypeName()
            + ", stored as " + c.dynamoType() + ") maps to key attribute '" + key.name() + "' of DynamoDB table '"
            + dynamoTable + "', which is of type " + key.type() + ": use a Hive type stored as " + key.type() + " ("
            + hint(key.type()) + ").");
      }
    }
  }

  /** The handler the table names (a subclass under another name included), for messages. */
  private static String handlerName(Table table) {
    String h = table.getParameters() == null ? null
        : table.getParameters().get(hive_metastoreConstants.META_TABLE_STORAGE);
    return h == null || h.isEmpty() ? DynamoDBStorageHandler.class.getName() : h;
  }

  /** Secrets would be stored in the metastore in clear text, and shown by DESCRIBE: refused, with the ways in. */
  private static void refuseSecrets(Properties props, String hiveTable) {
    List<String> secrets = HiveTableProperties.secretProperties(props);
    if (secrets.isEmpty()) {
      return;
    }
    String quoted = secrets.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
    throw new IllegalArgumentException("Hive table '" + hiveTable + "': table "
        + (secrets.size() == 1 ? "property " : "properties ") + quoted + " would keep a secret in the metastore"
        + " in clear text, where DESCRIBE and SHOW CREATE TABLE show it: refused. Give the credentials instead"
        + " through (1) a Hadoop credential provider: store entries named like the keys (hadoop credential"
        + " create " + ConnectorOptions.SECRET_ACCESS_KEY.name() + " -provider jceks://hdfs/user/<you>/dynamodb.jceks,"
        + " likewise " + ConnectorOptions.ACCESS_KEY_ID.name() + " and " + ConnectorOptions.SESSION_TOKEN.name()
        + ") and SET hadoop.security.credential.provider.path=jceks://hdfs/user/<you>/dynamodb.jceks (or set it"
        + " in hive-site.xml); (2) the AWS SDK's default credentials chain (instance profile, environment"
        + " variables, ~/.aws), used when no keys are given; (3) a credentials provider class, table property"
        + " '" + ConnectorOptions.CREDENTIALS_PROVIDER.name() + "'; or (4) the session: SET "
        + ConnectorOptions.ACCESS_KEY_ID.name() + "=...; SET " + ConnectorOptions.SECRET_ACCESS_KEY.name()
        + "=...; (kept out of the metastore, though it reaches the job's configuration).");
  }

  /**
   * Fails on a {@code dynamodb.*} table property (or session setting) that is a near miss of a known key, unless
   * {@code dynamodb.config.allowUnknownKeys=true}; logs the other unknown ones.
   */
  private static void checkKeys(Properties props, Map<String, String> session) {
    Map<String, String> all = new TreeMap<>(session);
    for (String k : props.stringPropertyNames()) {
      if (k.startsWith(ConnectorOptions.PREFIX)) {
        all.put(k, props.getProperty(k));
      }
    }
    for (String w : KeyCheck.of(Settings.of(all)).orThrow().warnings()) {
      LOG.warn(w);
    }
  }

  private static String hint(String keyType) {
    switch (keyType) {
      case "S": return "string or varchar";
      case "N": return "tinyint, smallint, int, bigint or decimal";
      default: return "binary";
    }
  }

  /** Serde properties overlaid by table properties, the way Hive hands them to the SerDe. */
  private static Properties properties(Table table) {
    Properties p = new Properties();
    if (table.getSd() != null && table.getSd().getSerdeInfo() != null
        && table.getSd().getSerdeInfo().getParameters() != null) {
      p.putAll(table.getSd().getSerdeInfo().getParameters());
    }
    if (table.getParameters() != null) {
      p.putAll(table.getParameters());
    }
    return p;
  }

  /**
   * {@code INSERT OVERWRITE} behaves as with the EMR connector, whose Hive examples use it throughout: each
   * selected row is put (replacing the item with the same key) and nothing is deleted, since replacing the
   * table's contents would take a full scan plus deletes that are neither atomic nor cheap. Said once per
   * statement in the log, because the word "OVERWRITE" promises more.
   */
  @Override
  public void preInsertTable(Table table, boolean overwrite) {
    if (overwrite) {
      LOG.warn(overwriteNotice(table));
    }
  }

  /** The log line of an {@code INSERT OVERWRITE} into the table. */
  static String overwriteNotice(Table table) {
    String hiveTable = table.getDbName() + "." + table.getTableName();
    String dynamoTable = properties(table).getProperty(HiveTableProperties.TABLE_NAME, "?");
    return "INSERT OVERWRITE into DynamoDB table '" + dynamoTable + "' writes the selected items and deletes none;"
        + " items not selected stay (Hive table '" + hiveTable + "'; each row is a put, as with INSERT INTO)";
  }

  @Override
  public void commitInsertTable(Table table, boolean overwrite) {
  }

  @Override
  public void rollbackInsertTable(Table table, boolean overwrite) {
  }

  @Override
  public void rollbackCreateTable(Table table) {
  }

  @Override
  public void commitCreateTable(Table table) {
  }

  @Override
  public void preDropTable(Table table) {
  }

  @Override
  public void rollbackDropTable(Table table) {
  }

  @Override
  public void commitDropTable(Table table, boolean deleteData) {
  }
}
