/** Building DynamoDB clients from settings and describing tables. Engine-neutral. */
package io.ddbconnector.client;
