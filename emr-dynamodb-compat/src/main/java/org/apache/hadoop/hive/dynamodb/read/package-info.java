/** The EMR connector's Hive input format name over this connector's. */
package org.apache.hadoop.hive.dynamodb.read;
