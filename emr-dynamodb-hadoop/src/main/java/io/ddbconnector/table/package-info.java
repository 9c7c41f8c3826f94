/** What the connector knows of a table: key and index schemas, size and capacity. Values only. */
package io.ddbconnector.table;
