/** The job-wide throughput budget, the one rate limiter, retries with backoff, and counters. Engine-neutral. */
package io.ddbconnector.throughput;
