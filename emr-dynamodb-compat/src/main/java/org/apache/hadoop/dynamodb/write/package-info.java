/** The EMR connector's output format name (old {@code mapred} API) over this connector's. */
package org.apache.hadoop.dynamodb.write;
