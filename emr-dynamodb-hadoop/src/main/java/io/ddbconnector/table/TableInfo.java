package io.ddbconnector.table;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What the connector needs to know about a table, read once from DescribeTable: key schema, size
 * statistics (which may be 0 or hours stale) and capacity. Immutable.
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

  private final String tableName;
  private final List<KeyAttribute> keys;
  private final long itemCount;
  private final long sizeBytes;
  private final boolean onDemand;
  private final long readCapacity;
  private final long writeCapacity;

  public TableInfo(String tableName, List<KeyAttribute> keys, long itemCount, long sizeBytes, boolean onDemand,
      long readCapacity, long writeCapacity) {
    this.tableName = tableName;
    this.keys = Collections.unmodifiableList(new ArrayList<>(keys));
    this.itemCount = itemCount;
    this.sizeBytes = sizeBytes;
    this.onDemand = onDemand;
    this.readCapacity = readCapacity;
    this.writeCapacity = writeCapacity;
  }

  /** The table as DescribeTable described it. */
  public static TableInfo from(TableDescription t) {
    List<KeyAttribute> keys = new ArrayList<>();
    for (KeyType kt : new KeyType[] {KeyType.HASH, KeyType.RANGE}) {
      for (KeySchemaElement k : t.keySchema()) {
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
    long rcu = 0;
    long wcu = 0;
    if (t.provisionedThroughput() != null) {
      rcu = nz(t.provisionedThroughput().readCapacityUnits());
      wcu = nz(t.provisionedThroughput().writeCapacityUnits());
    }
    boolean onDemand = (t.billingModeSummary() != null
        && t.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST) || (rcu == 0 && wcu == 0);
    if (onDemand) {
      rcu = 0;
      wcu = 0;
      if (t.onDemandThroughput() != null) {
        long maxR = nz(t.onDemandThroughput().maxReadRequestUnits());
        long maxW = nz(t.onDemandThroughput().maxWriteRequestUnits());
        rcu = maxR > 0 ? maxR : 0;
        wcu = maxW > 0 ? maxW : 0;
      }
    }
    return new TableInfo(t.tableName(), keys, nz(t.itemCount()), nz(t.tableSizeBytes()), onDemand, rcu, wcu);
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
  public long itemCount() { return itemCount; }
  public long sizeBytes() { return sizeBytes; }
  public boolean onDemand() { return onDemand; }
  /** Provisioned read units, or an on-demand table's configured maximum; 0 when unknown. */
  public long readCapacity() { return readCapacity; }
  public long writeCapacity() { return writeCapacity; }

  @Override
  public String toString() {
    return "TableInfo{" + tableName + ", keys=" + keys + ", items=" + itemCount + ", bytes=" + sizeBytes
        + (onDemand ? ", on-demand" : ", provisioned") + ", rcu=" + readCapacity + ", wcu=" + writeCapacity + "}";
  }
}
