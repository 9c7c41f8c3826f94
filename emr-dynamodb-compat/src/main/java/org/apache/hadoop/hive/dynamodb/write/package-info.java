/** The EMR connector's Hive output format name over this connector's. */
package org.apache.hadoop.hive.dynamodb.write;
