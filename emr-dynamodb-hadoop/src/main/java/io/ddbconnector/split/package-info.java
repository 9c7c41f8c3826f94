/** Cutting a table into scan segments and grouping them into immutable splits. Engine-neutral and pure. */
package io.ddbconnector.split;
