/** Streaming reads of one split (parallel-scan segments or key queries), paid through the rate limiter. Engine-neutral. */
package io.ddbconnector.read;
