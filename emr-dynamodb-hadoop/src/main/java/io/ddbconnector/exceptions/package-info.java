/**
 * The connector's failures, shared by every package: engine-neutral, importing nothing of the connector, so
 * that any layer may throw them without depending on another.
 */
package io.ddbconnector.exceptions;
