package io.ddbconnector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

@ExtendWith(DynamoDBBackendExtension.class)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class DynamoDBBackendExtensionIT {

  private static String createdInFirstClass;
  private static Backend fromBeforeAll;

  @BeforeAll
  static void injectsIntoBeforeAll(Backend backend) {
    fromBeforeAll = backend;
  }

  @Nested
  @Order(1)
  class CreatesATable {
    @Test
    void createsAnActiveTable(Backend backend) {
      assertNotNull(fromBeforeAll);
      assertEquals(fromBeforeAll.endpoint(), backend.endpoint());
      createdInFirstClass = backend.createTable("tracked", "id", ScalarAttributeType.S);
      assertEquals(TableStatus.ACTIVE, backend.client()
          .describeTable(r -> r.tableName(createdInFirstClass)).table().tableStatus());
    }
  }

  @Nested
  @Order(2)
  class AfterThatClassFinished {
    @Test
    void itsTableWasDeleted(Backend backend) {
      assertNotNull(createdInFirstClass);
      assertThrows(ResourceNotFoundException.class,
          () -> backend.client().describeTable(r -> r.tableName(createdInFirstClass)));
    }
  }
}
