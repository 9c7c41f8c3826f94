package com.example.hive;

import io.ddbconnector.hive.DynamoDBStorageHandler;

/**
 * The handler under another name and package, as a compatibility class with the EMR connector's name
 * ({@code org.apache.hadoop.hive.dynamodb.DynamoDBStorageHandler}) would be: nothing may depend on the
 * handler's own class name.
 */
public class RenamedStorageHandler extends DynamoDBStorageHandler {
}
