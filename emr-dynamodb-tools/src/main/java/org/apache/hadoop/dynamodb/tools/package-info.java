/**
 * The reference connector's ({@code awslabs/emr-dynamodb-connector}) tool class names and positional command
 * lines, delegating to {@link io.ddbconnector.tools.DynamoDBTool}, so EMR steps and scripts written for the
 * reference run unchanged against this project's jar.
 */
package org.apache.hadoop.dynamodb.tools;
