/**
 * Engine-neutral representation helpers for DynamoDB items ({@code Map<String,
 * AttributeValue>} from the AWS SDK for Java v2): {@link io.ddbconnector.types.ItemCodec}, a
 * compact versioned binary encoding used to move items between tasks and through Hadoop, Spark
 * and Hive serialization; {@link io.ddbconnector.types.DynamoJson}, the typed DynamoDB JSON text
 * format of the service's wire protocol, the AWS CLI and DynamoDB S3 exports; and {@link
 * io.ddbconnector.types.ItemSize}, the item size and capacity-unit arithmetic DynamoDB bills by. The
 * engines' converters take their DynamoDB-side rules from here, so Spark, Hive and MapReduce agree:
 * {@link io.ddbconnector.types.DynamoNumbers} (number checks, the canonical number text written from
 * a BigDecimal, long, double or float, exact integers, number identity), {@link
 * io.ddbconnector.types.DynamoTypes} (a value's type name, S … NULL, and value identity) and {@link
 * io.ddbconnector.types.DynamoJson} for one value ({@code parseValue}, {@code toJson(AttributeValue)}).
 * All of them round-trip every DynamoDB type exactly (numbers stay decimal strings, attribute
 * and set order is kept) and reject malformed input with messages naming the offset or attribute
 * path. Nothing in this package depends on Hadoop, Spark or Hive, so every engine binding can
 * share it.
 */
package io.ddbconnector.types;
