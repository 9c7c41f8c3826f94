/** Configuration: every key defined once ({@link io.ddbconnector.conf.ConnectorOptions}) and an immutable snapshot of a job's settings. Engine-neutral. */
package io.ddbconnector.conf;
