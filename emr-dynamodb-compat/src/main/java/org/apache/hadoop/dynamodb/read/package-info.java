/** The EMR connector's input format name (old {@code mapred} API) over this connector's. */
package org.apache.hadoop.dynamodb.read;
