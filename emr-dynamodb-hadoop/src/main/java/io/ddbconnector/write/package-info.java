/** Batched, deduplicated, rate-limited writes with resends of unprocessed items. Engine-neutral. */
package io.ddbconnector.write;
