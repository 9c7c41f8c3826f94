/**
 * The {@code dynamodb} DataSource V2: {@code TableProvider} and table, a scan builder that turns Spark's
 * filters and required columns into Query/Scan settings ({@code SparkPredicates} into the core model; the core plans the read),
 * partitions that each wrap one core split, and item/row converters built once per task from the schema
 * ({@code ItemToRow}, {@code RowToItem}, {@code SchemaInference}). Writes go through the core's batch writer
 * or, in update mode, its {@code ItemUpdater}.
 */
package io.ddbconnector.spark.datasource;

