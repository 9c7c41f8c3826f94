/** Hadoop bindings shared by both MapReduce APIs: the item writable, the split, settings and counters adapters. */
package io.ddbconnector.hadoop;
