/** Input and output formats for the new org.apache.hadoop.mapreduce API. */
package io.ddbconnector.mapreduce;
