package io.ddbconnector.spark

import io.ddbconnector.exceptions.DynamoDBConnectorException
import io.ddbconnector.hadoop.DynamoDBItemWritable
import io.ddbconnector.mapred.DynamoDBInputFormat
import io.ddbconnector.testkit.{Backend, DynamoDBBackendExtension, ItemChecksum, ItemCorpus}
import org.apache.hadoop.io.Text
import org.apache.spark.SparkContext
import org.apache.spark.api.java.JavaRDD
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.functions.col
import org.junit.jupiter.api.Assertions.{assertEquals, assertThrows, assertTrue}
import org.junit.jupiter.api.TestInstance.Lifecycle
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.function.Executable
import org.junit.jupiter.api.{AfterAll, BeforeAll, Test, TestInstance}
import software.amazon.awssdk.services.dynamodb.model.{AttributeValue, ScalarAttributeType}

import scala.jdk.CollectionConverters._

/**
 * The Scala API (`import io.ddbconnector.spark._`) end to end on `local[2]` against the backend: RDD and
 * DataFrame copies checked item by item, and failures that read exactly like the Java API's.
 */
@ExtendWith(Array(classOf[DynamoDBBackendExtension]))
@TestInstance(Lifecycle.PER_CLASS)
class ScalaApiIT {

  private val Items = 1500
  private var spark: SparkSession = _
  private var sc: SparkContext = _
  private var source: String = _
  private var stored: Seq[DynamoDBItem] = _

  @BeforeAll
  def start(backend: Backend): Unit = {
    spark = SparkTestSupport.session("ScalaApiIT")
    sc = spark.sparkContext
    source = backend.createTable("scala_src", "id", ScalarAttributeType.S)
    backend.putAll(source, ItemCorpus.generated("id", Items, 11))
    backend.putAll(source, ItemCorpus.tricky("id"))
    stored = backend.scanAll(source).asScala.toSeq
  }

  @AfterAll
  def stop(): Unit = if (spark != null) spark.stop()

  /** Endpoint, region and dummy credentials; no table name: the API's argument names it. */
  private def conn(backend: Backend): Map[String, String] =
    SparkTestSupport.options(backend, "unused").asScala.toMap - "tableName"

  private def writeConn(backend: Backend): Map[String, String] = conn(backend) + ("writeCapacity" -> "100000")

  private def assertSame(expected: Seq[DynamoDBItem], table: String, backend: Backend): Unit = {
    val actual = backend.scanAll(table)
    ItemChecksum.assertSameItems(expected.asJava, actual, "id")
    assertEquals(ItemChecksum.of(expected.asJava), ItemChecksum.of(actual))
  }

  @Test
  def dynamoDBTableThenSaveToDynamoDBCopiesExactly(backend: Backend): Unit = {
    val items = sc.dynamoDBTable(source, conn(backend))
    assertTrue(items.getNumPartitions >= 2, s"split into partitions: ${items.getNumPartitions}")
    val target = backend.createTable("scala_copy", "id", ScalarAttributeType.S)
    // a shuffle between read and write: SerializableItems keep their binary values across it
    val from = source
    items.map(ScalaApiIT.tag(from)).repartition(3).saveToDynamoDB(target, writeConn(backend))
    assertSame(stored.map(ScalaApiIT.tag(from)), target, backend)
  }

  @Test
  def dynamoDBExportReadsAnExportAsTheTablesItems(backend: Backend): Unit = {
    val proxy = io.ddbconnector.testkit.proxy.ThrottlingProxy.start(backend.endpoint())
    try {
      val buckets = java.nio.file.Files.createTempDirectory("scala-export")
      proxy.enableExports(buckets).setDescribesInProgress(0)
      val client = backend.newClient(proxy.endpoint())
      val manifest = try {
        val arn = client.describeTable((b: software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest.Builder) =>
          b.tableName(source)).table().tableArn()
        client.exportTableToPointInTime(
          (b: software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest.Builder) =>
            b.tableArn(arn).s3Bucket("bucket")).exportDescription().exportManifest()
      } finally client.close()
      val scans = proxy.requests("Scan")
      val items = sc.dynamoDBExport(buckets.resolve("bucket").resolve(manifest).toUri.toString)
      ItemChecksum.assertSameItems(stored.asJava, items.collect().toSeq.asJava, "id")
      assertEquals(scans, proxy.requests("Scan"), "an export read makes no Scan")
    } finally proxy.close()
  }

  @Test
  def hadoopRddPairsAndWritablesSaveToDynamoDB(backend: Backend): Unit = {
    val job = DynamoDBSpark.jobConf(sc, (conn(backend) + ("tableName" -> source)).asJava)
    val pairs = sc.hadoopRDD(job, classOf[DynamoDBInputFormat], classOf[Text], classOf[DynamoDBItemWritable])
    val pairTarget = backend.createTable("scala_pairs", "id", ScalarAttributeType.S)
    pairs.saveToDynamoDB(pairTarget, writeConn(backend))
    assertSame(stored, pairTarget, backend)

    val books = pairs.map { case (_, w) => new DynamoDBItemWritable(w.getItem) }
      .filter(w => Option(w.getItem.get("category")).exists(_.s == "books"))
    val bookTarget = backend.createTable("scala_books", "id", ScalarAttributeType.S)
    books.saveToDynamoDB(bookTarget, writeConn(backend))
    val expected = stored.filter(i => Option(i.get("category")).exists(_.s == "books"))
    assertTrue(expected.size > 100, s"books: ${expected.size}")
    assertSame(expected, bookTarget, backend)
  }

  @Test
  def readDynamodbThenWriteDynamodbRoundTripsExactly(backend: Backend): Unit = {
    val plain = backend.createTable("scala_df_src", "id", ScalarAttributeType.S)
    backend.putAll(plain, ItemCorpus.generated("id", 500, 5))
    val rows = spark.read.dynamodb(plain, conn(backend)).filter(col("category") =!= "toys")
    val target = backend.createTable("scala_df_dst", "id", ScalarAttributeType.S)
    rows.write.dynamodb(target, writeConn(backend)) // no mode("append"): the implicit appends
    val expected = backend.scanAll(plain).asScala.toSeq.filter(_.get("category").s != "toys")
    assertTrue(expected.size < 500 && expected.size > 300, s"rows kept: ${expected.size}")
    assertSame(expected, target, backend)

    // spark.dynamoDBTable is spark.read.dynamodb; the copy reads back with the source's rows
    val copy = spark.dynamoDBTable(target, conn(backend))
    assertEquals(expected.size.toLong, copy.count())
    def render(df: org.apache.spark.sql.DataFrame) =
      df.select(rows.columns.toSeq.map(col): _*).collect().map(SparkTestSupport.render).sorted.toSeq
    assertEquals(render(rows), render(copy))
  }

  @Test
  def failuresAreTheJavaApis(backend: Backend): Unit = {
    val missing = backend.uniqueTableName("scala_missing")
    val items = sc.parallelize(stored.take(10).map(SerializableItem.of), 2)

    // RDD write to a missing table: the same exception, word for word, as DynamoDBSpark.writeItems
    val java = assertThrows(classOf[RuntimeException], exec(
      DynamoDBSpark.writeItems(JavaRDD.fromRDD(items.asInstanceOf[org.apache.spark.rdd.RDD[DynamoDBItem]]),
        (writeConn(backend) + ("tableName" -> missing)).asJava)))
    val scala = assertThrows(classOf[RuntimeException], exec(items.saveToDynamoDB(missing, writeConn(backend))))
    assertEquals(classOf[DynamoDBConnectorException], java.getClass)
    assertEquals(java.getClass, scala.getClass)
    assertEquals(java.getMessage, scala.getMessage)
    assertTrue(scala.getMessage.contains(missing) && scala.getMessage.contains("does not exist"), scala.getMessage)

    // the argument names the table even when the options name another
    val overridden = assertThrows(classOf[RuntimeException],
      exec(items.saveToDynamoDB(missing, writeConn(backend) + ("TableName" -> source))))
    assertEquals(java.getMessage, overridden.getMessage)

    // RDD read of a missing table
    val read = assertThrows(classOf[Exception], exec(sc.dynamoDBTable(missing, conn(backend)).count()))
    assertEquals(classOf[DynamoDBConnectorException], read.getClass)
    assertTrue(read.getMessage.contains(s"'$missing' (configuration key 'dynamodb.input.tableName') does not exist"),
      read.getMessage)

    // DataFrame write to a missing table: the same message as format("dynamodb")...save()
    val df = spark.read.dynamodb(source, conn(backend)).select("id").limit(5)
    val viaFormat = assertThrows(classOf[Exception], exec(df.write.format("dynamodb")
      .options(writeConn(backend) + ("tableName" -> missing)).mode("append").save()))
    val viaImplicit = assertThrows(classOf[Exception], exec(df.write.dynamodb(missing, writeConn(backend))))
    assertEquals(viaFormat.getClass, viaImplicit.getClass)
    assertEquals(viaFormat.getMessage, viaImplicit.getMessage)
    assertTrue(SparkTestSupport.messages(viaImplicit).contains(missing), SparkTestSupport.messages(viaImplicit))

    // an explicit save mode the source cannot honour is not turned into an append
    val target = backend.createTable("scala_overwrite", "id", ScalarAttributeType.S)
    val overwrite = assertThrows(classOf[Exception],
      exec(df.write.mode("overwrite").dynamodb(target, writeConn(backend))))
    assertTrue(overwrite.getMessage.contains("does not support truncate"), overwrite.getMessage)
    assertEquals(0L, backend.count(target))
  }

  private def exec(body: => Any): Executable = () => { body; () }
}

object ScalaApiIT {

  /** The transformation under test: the generated items (they have a category) get their source's name. */
  def tag(source: String)(item: DynamoDBItem): SerializableItem = {
    val copy = new SerializableItem(item)
    if (copy.containsKey("category")) copy.put("copiedFrom", AttributeValue.fromS(source))
    copy
  }
}
