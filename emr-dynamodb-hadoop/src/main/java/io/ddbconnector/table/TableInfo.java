package io.ddbconnector.table;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What the connector needs to know about a table, read once from DescribeTable: key schema, secondary
 * indexes, size statistics (which may be 0 or hours stale) and capacity. Immutable.
 */
public final class TableInfo implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One key attribute: name and scalar type (S, N or B). */
  public static final class KeyAttribute implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String type;

    public KeyAttribute(String name, String type) {
      this.name = name;
      this.type = type;
    }

    public String name() { return name; }
    public String type() { return type; }

    @Override
    public String toString() {
      return name + " (" + type + ")";
    }
  }

  /**
   * A secondary index: its keys, what it projects, and (a GSI) its own capacity, which paces a Query of
   * it. An LSI shares the table's capacity.
   */
  public static final class IndexInfo implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final boolean global;
    private final List<KeyAttribute> keys;
    private final String projectionType;
    private final List<String> projected;
    private final boolean active;
    private final boolean onDemand;
    private final long readCapacity;
    private final long writeCapacity;

    public IndexInfo(String name, boolean global, List<KeyAttribute> keys, String projectionType,
        List<String> projected, boolean active, boolean onDemand, long readCapacity, long writeCapacity) {
      this.name = name;
      this.global = global;
      this.keys = List.copyOf(keys);
      this.projectionType = projectionType == null ? "ALL" : projectionType;
      this.projected = List.copyOf(projected);
      this.active = active;
      this.onDemand = onDemand;
      this.readCapacity = readCapacity;
      this.writeCapacity = writeCapacity;
    }

    public String name() { return name; }
    public boolean global() { return global; }
    /** Hash key first, then the range key when there is one. */
    public List<KeyAttribute> keys() { return keys; }
    /** ALL, INCLUDE or KEYS_ONLY. */
    public String projectionType() { return projectionType; }
    /** The non-key attributes an INCLUDE projection holds. */
    public List<String> projected() { return projected; }
    public boolean active() { return active; }
    public boolean onDemand() { return onDemand; }
    public long readCapacity() { return readCapacity; }
    public long writeCapacity() { return writeCapacity; }

    @Override
    public String toString() {
      return (global ? "GSI " : "LSI ") + name + keys + " " + projectionType + (projected.isEmpty() ? "" : projected)
          + (global ? (onDemand ? " on-demand" : " provisioned") + " rcu=" + readCapacity : "");
    }
  }

  private final String tableName;
  private final List<KeyAttribute> keys;
  private final List<IndexInfo> indexes;
  private final long itemCount;
  private final long sizeBytes;
  private final boolean onDemand;
  private final long readCapacity;
  private final long writeCapacity;

  public TableInfo(String tableName, List<KeyAttribute> keys, long itemCount, long sizeBytes, boolean onDemand,
      long readCapacity, long writeCapacity) {
    this(tableName, keys, List.of(), itemCount, sizeBytes, onDemand, readCapacity, writeCapacity);
  }

  public TableInfo(String tableName, List<KeyAttribute> keys, List<IndexInfo> indexes, long itemCount,
      long sizeBytes, boolean onDemand, long readCapacity, long writeCapacity) {
    this.tableName = tableName;
    this.keys = Collections.unmodifiableList(new ArrayList<>(keys));
    this.indexes = List.copyOf(indexes);
    this.itemCount = itemCount;
    this.sizeBytes = sizeBytes;
    this.onDemand = onDemand;
    this.readCapacity = readCapacity;
    this.writeCapacity = writeCapacity;
  }

  /** The table as DescribeTable described it. */
  public static TableInfo from(TableDescription t) {
    boolean payPerRequest = t.billingModeSummary() != null
        && t.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    long[] cap = capacity(payPerRequest, t.provisionedThroughput(), t.onDemandThroughput());
    List<IndexInfo> indexes = new ArrayList<>();
    for (GlobalSecondaryIndexDescription g : t.globalSecondaryIndexes()) {
      long[] c = capacity(payPerRequest, g.provisionedThroughput(), g.onDemandThroughput());
      indexes.add(new IndexInfo(g.indexName(), true, keys(g.keySchema(), t), type(g.projection()),
          nonKey(g.projection()), g.indexStatus() == null || g.indexStatus() == IndexStatus.ACTIVE, c[2] == 1, c[0],
          c[1]));
    }
    for (LocalSecondaryIndexDescription l : t.localSecondaryIndexes()) {
      indexes.add(new IndexInfo(l.indexName(), false, keys(l.keySchema(), t), type(l.projection()),
          nonKey(l.projection()), true, cap[2] == 1, cap[0], cap[1]));
    }
    return new TableInfo(t.tableName(), keys(t.keySchema(), t), indexes, nz(t.itemCount()), nz(t.tableSizeBytes()),
        cap[2] == 1, cap[0], cap[1]);
  }

  /** Read units, write units, and 1 when on demand (then the units are the configured maximum, or 0). */
  private static long[] capacity(boolean payPerRequest, ProvisionedThroughputDescription p, OnDemandThroughput od) {
    long rcu = p == null ? 0 : nz(p.readCapacityUnits());
    long wcu = p == null ? 0 : nz(p.writeCapacityUnits());
    if (payPerRequest || (rcu == 0 && wcu == 0)) {
      rcu = od == null ? 0 : Math.max(0, nz(od.maxReadRequestUnits()));
      wcu = od == null ? 0 : Math.max(0, nz(od.maxWriteRequestUnits()));
      return new long[] {rcu, wcu, 1};
    }
    return new long[] {rcu, wcu, 0};
  }

  private static List<KeyAttribute> keys(List<KeySchemaElement> schema, TableDescription t) {
    List<KeyAttribute> keys = new ArrayList<>();
    for (KeyType kt : new KeyType[] {KeyType.HASH, KeyType.RANGE}) {
      for (KeySchemaElement k : schema) {
        if (k.keyType() == kt) {
          String type = "S";
          for (AttributeDefinition d : t.attributeDefinitions()) {
            if (d.attributeName().equals(k.attributeName())) {
              type = d.attributeTypeAsString();
            }
          }
          keys.add(new KeyAttribute(k.attributeName(), type));
        }
      }
    }
    return keys;
  }

  private static String type(Projection p) {
    return p == null || p.projectionType() == null ? "ALL" : p.projectionTypeAsString();
  }

  private static List<String> nonKey(Projection p) {
    return p == null || !p.hasNonKeyAttributes() ? List.of() : p.nonKeyAttributes();
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }

  public String tableName() { return tableName; }
  public List<KeyAttribute> keys() { return keys; }
  public List<String> keyNames() {
    List<String> n = new ArrayList<>();
    for (KeyAttribute k : keys) {
      n.add(k.name());
    }
    return n;
  }
  /** Secondary indexes, GSIs first. */
  public List<IndexInfo> indexes() { return indexes; }

  /** The index of that name, or null. */
  public IndexInfo index(String name) {
    for (IndexInfo i : indexes) {
      if (i.name().equals(name)) {
        return i;
      }
    }
    return null;
  }

  /**
   * The keys a read of {@code indexName} works with (null or blank: the table's).
   *
   * @throws IllegalArgumentException naming the table, the index and the key that named it when there is no
   *     such index
   */
  public List<KeyAttribute> readKeys(String indexName, String configKey) {
    if (indexName == null || indexName.isBlank()) {
      return keys;
    }
    IndexInfo i = index(indexName);
    if (i == null) {
      List<String> names = new ArrayList<>();
      indexes.forEach(x -> names.add(x.name()));
      throw new IllegalArgumentException("Table '" + tableName + "' has no index '" + indexName
          + "' (configuration key '" + configKey + "'); its indexes: " + names + ".");
    }
    return i.keys();
  }

  /**
   * The capacity that paces a read of {@code indexName}: a GSI's own; the table's for the table, an LSI or
   * an unknown name.
   */
  public TableInfo forRead(String indexName) {
    IndexInfo i = indexName == null ? null : index(indexName);
    if (i == null || !i.global()) {
      return this;
    }
    return new TableInfo(tableName, keys, indexes, itemCount, sizeBytes, i.onDemand(), i.readCapacity(),
        i.writeCapacity());
  }

  public long itemCount() { return itemCount; }
  public long sizeBytes() { return sizeBytes; }
  public boolean onDemand() { return onDemand; }
  /** Provisioned read units, or an on-demand table's configured maximum; 0 when unknown. */
  public long readCapacity() { return readCapacity; }
  public long writeCapacity() { return writeCapacity; }

  @Override
  public String toString() {
    return "TableInfo{" + tableName + ", keys=" + keys + (indexes.isEmpty() ? "" : ", indexes=" + indexes) + ", items=" + itemCount + ", bytes=" + sizeBytes
        + (onDemand ? ", on-demand" : ", provisioned") + ", rcu=" + readCapacity + ", wcu=" + writeCapacity + "}";
  }
}
