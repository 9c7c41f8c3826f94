/**
 * A DynamoDB service emulator in front of dynalite: {@link io.ddbconnector.testkit.proxy.ThrottlingProxy}
 * adds the service's latency, provisioned and on-demand throughput, per-partition limits and injected
 * {@link io.ddbconnector.testkit.proxy.Faults}, and meters what each table consumed, so that the
 * connector's rate control is tested against the rules it meets in production rather than against a
 * server that never says no. {@link io.ddbconnector.testkit.proxy.StreamsEmulator} adds the DynamoDB
 * Streams API dynalite lacks, recording the exact changes of the writes passing through the proxy, so
 * that stream readers are tested against shards that close and split, trimming and iterator expiry. The
 * other classes are their parts: token buckets, the partition key space, the on-demand peak, key
 * schemas, streams and their wire API, and a small JSON and HTTP layer.
 */
package io.ddbconnector.testkit.proxy;
