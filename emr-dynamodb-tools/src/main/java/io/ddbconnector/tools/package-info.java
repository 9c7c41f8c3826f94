/**
 * The {@code export}, {@code import} and {@code copy} command-line tools
 * ({@link io.ddbconnector.tools.DynamoDBTool}). They use the connector's core directly — split
 * planning, streaming readers and rate-limited writers — with Hadoop's {@code FileSystem} for the files, so
 * local, HDFS and S3A paths all work.
 */
package io.ddbconnector.tools;
