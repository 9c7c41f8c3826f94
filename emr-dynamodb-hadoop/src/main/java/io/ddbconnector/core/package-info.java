/** The facade every engine calls: plan splits, open a reader, open a writer. Engine-neutral. */
package io.ddbconnector.core;
