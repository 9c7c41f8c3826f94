/**
 * Reading DynamoDB's point-in-time table exports ({@code ExportTableToPointInTime}, {@code DYNAMODB_JSON}) in the
 * service's native layout, and requesting one: no read capacity is spent on the table. Engine-neutral: the
 * files are reached through {@link io.ddbconnector.export.ExportStore}, which each engine binds to its own file
 * systems (the Hadoop binding: {@code io.ddbconnector.hadoop.HadoopExportStore}).
 */
package io.ddbconnector.export;
