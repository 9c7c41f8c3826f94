/**
 * Hadoop bindings shared by both MapReduce APIs: the item writable, the split, settings and counters
 * adapters, and the note a failed task adds on the attempts its engine still makes ({@link
 * io.ddbconnector.hadoop.HadoopSettings#engineAttempts}, {@link io.ddbconnector.hadoop.EngineAttempts}).
 */
package io.ddbconnector.hadoop;
