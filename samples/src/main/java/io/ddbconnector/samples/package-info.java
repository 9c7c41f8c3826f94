/**
 * Runnable samples built on the connector: the main job ({@link io.ddbconnector.samples.OrdersAnalytics},
 * {@code ./run-sample.sh}), a MapReduce job, a Spark RDD job and a Spark SQL job over a generated orders
 * data set ({@link io.ddbconnector.samples.Orders}). Each program brings its own DynamoDB when given none
 * ({@link io.ddbconnector.samples.SampleEnvironment}: the embedded dynalite backend of the test kit).
 *
 * <p>Unlike the library modules, this one is an application: Hadoop (Spark's shaded client) and Spark are
 * compile-scope dependencies.
 */
package io.ddbconnector.samples;
