/** Planning a read: which splits, and which requests (Scan, Query, index) each one sends. */
package io.ddbconnector.plan;
