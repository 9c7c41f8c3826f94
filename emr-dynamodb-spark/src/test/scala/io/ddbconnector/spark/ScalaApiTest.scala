package io.ddbconnector.spark

import org.junit.jupiter.api.Assertions.{assertEquals, assertThrows}
import org.junit.jupiter.api.Test

import scala.jdk.CollectionConverters._

/** The Scala API's option handling, without Spark or a backend. */
class ScalaApiTest {

  @Test
  def theTableArgumentWinsOverATableNameOptionInAnyCase(): Unit = {
    val merged = withTable(" orders ", Map("TABLENAME" -> "a", "tablename" -> "b", "region" -> "eu-west-1"))
    assertEquals(Map("tableName" -> "orders", "region" -> "eu-west-1"), merged.asScala.toMap)
    // and the merged options mean what they say to the one place that reads options
    val settings = SparkSettings.from(java.util.Map.of[String, String](), merged, 2)
    assertEquals("orders", settings.tableName())
    assertEquals("orders", settings.outputTableName())
  }

  @Test
  def aBlankTableNameIsRejected(): Unit = {
    val e = assertThrows(classOf[IllegalArgumentException], () => { withTable(" ", Map.empty); () })
    assertEquals("requirement failed: A DynamoDB table name is required.", e.getMessage)
  }
}
