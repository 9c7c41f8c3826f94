/**
 * Engine-neutral representation helpers for DynamoDB items ({@code Map<String,
 * AttributeValue>} from the AWS SDK for Java v2): {@link io.ddbconnector.types.ItemCodec}, a
 * compact versioned binary encoding used to move items between tasks and through Hadoop, Spark
 * and Hive serialization; {@link io.ddbconnector.types.DynamoJson}, the typed DynamoDB JSON text
 * format of the service's wire protocol, the AWS CLI and DynamoDB S3 exports; and {@link
 * io.ddbconnector.types.ItemSize}, the item size and capacity-unit arithmetic DynamoDB bills by.
 * All of them round-trip every DynamoDB type exactly (numbers stay decimal strings, attribute
 * and set order is kept) and reject malformed input with messages naming the offset or attribute
 * path. Nothing in this package depends on Hadoop, Spark or Hive, so every engine binding can
 * share it.
 */
package io.ddbconnector.types;
