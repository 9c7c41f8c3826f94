/** Input and output formats for the old org.apache.hadoop.mapred API (sc.hadoopRDD, Hive). */
package io.ddbconnector.mapred;
