package io.ddbconnector

import io.ddbconnector.hadoop.DynamoDBItemWritable
import org.apache.spark.SparkContext
import org.apache.spark.api.java.{JavaRDD, JavaSparkContext}
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.{DataFrame, DataFrameReader, DataFrameWriter, SaveMode, SparkSession}
import software.amazon.awssdk.services.dynamodb.model.AttributeValue

/**
 * The Scala API: implicits that add DynamoDB reads and writes to Spark's own types, in the style of
 * spark-cassandra-connector (`sc.cassandraTable`) and elasticsearch-spark (`rdd.saveToEs`).
 *
 * {{{
 * import io.ddbconnector.spark._
 *
 * val opts   = Map("region" -> "eu-west-1", "readPercent" -> "0.25")
 * val orders = sc.dynamoDBTable("orders", opts)                   // RDD[DynamoDBItem]
 * orders.filter(_.get("status").s == "open").saveToDynamoDB("orders_open", opts)
 *
 * val df = spark.read.dynamodb("orders", opts)                    // DataFrame, schema inferred
 * df.groupBy("category").count().write.dynamodb("order_counts", opts)
 * }}}
 *
 * Everything here is a thin layer over the Java API, [[io.ddbconnector.spark.DynamoDBSpark]] for RDDs and the
 * `dynamodb` DataFrame source for DataFrames: splits, the job-wide rate limit, retries and the failure report
 * of a write are the core's, the same as from Java, MapReduce or Hive.
 *
 * '''Options''' are those of the DataFrame source and of `DynamoDBSpark`: short names (`endpoint`, `region`,
 * `readPercent`, `writeCapacity`, `mode`, ...) or full `dynamodb.*` keys (see the README's option table and
 * [[io.ddbconnector.spark.SparkSettings]]); they override `spark.dynamodb.*` and `spark.hadoop.dynamodb.*`
 * configuration. The table name given as argument overrides a `tableName` in the options; no option is
 * defined here.
 *
 * '''Items''' are the AWS SDK's `java.util.Map[String, AttributeValue]` ([[DynamoDBItem]]), not a Scala
 * map: that is what the core reads and writes, without a copy, and what the items read here are
 * ([[io.ddbconnector.spark.SerializableItem]]s: safe to cache, collect and shuffle, binary values included).
 * Use `item.asScala` (`scala.jdk.CollectionConverters`) for a Scala view; wrap items built on the driver that
 * hold binary values with `SerializableItem.of` before `sc.parallelize` (the SDK's `SdkBytes` lose their
 * bytes under Java serialisation).
 */
package object spark {

  /** An item as the AWS SDK for Java v2 holds it: attribute name to value. */
  type DynamoDBItem = java.util.Map[String, AttributeValue]

  /** The options with `tableName` (any case) set to `table`: the argument wins over the options. */
  private[spark] def withTable(table: String, options: Map[String, String]): java.util.Map[String, String] = {
    require(table != null && table.trim.nonEmpty, "A DynamoDB table name is required.")
    val merged = new java.util.LinkedHashMap[String, String]()
    options.foreach { case (k, v) => if (!k.trim.equalsIgnoreCase("tableName")) merged.put(k, v) }
    merged.put("tableName", table.trim)
    merged
  }

  /** Adds `dynamoDBTable` and `dynamoDBExport` to a `SparkContext`. */
  implicit class DynamoDBSparkContextFunctions(val sc: SparkContext) extends AnyVal {

    /** [[dynamoDBTable(table:String,options:Map[String,String])*]] with no options but the Spark configuration. */
    def dynamoDBTable(table: String): RDD[DynamoDBItem] = dynamoDBTable(table, Map.empty[String, String])

    /**
     * Reads `table` as an RDD of items, one partition per split the core plans (scan segments, or key
     * Queries), read at most at the job-wide rate the options allow. Each element is a fresh
     * [[io.ddbconnector.spark.SerializableItem]]. The same as `DynamoDBSpark.readItems`.
     *
     * @param table the table to read (overrides a `tableName` option)
     * @param options connector options: short names such as `region`, `endpoint`, `readPercent`, `segments`,
     *     or `dynamodb.*` keys
     */
    def dynamoDBTable(table: String, options: Map[String, String]): RDD[DynamoDBItem] =
      DynamoDBSpark.readItems(JavaSparkContext.fromSparkContext(sc), withTable(table, options)).rdd

    /** [[dynamoDBExport(path:String,options:Map[String,String])*]] with no options but the Spark configuration. */
    def dynamoDBExport(path: String): RDD[DynamoDBItem] = dynamoDBExport(path, Map.empty[String, String])

    /**
     * Reads a DynamoDB point-in-time export (`DYNAMODB_JSON`, the service's layout, on any Hadoop file system) as
     * an RDD of items, one partition per data file: no read capacity, no request to the table. `path` is the
     * export's directory, its `manifest-summary.json`, or the prefix holding one export. The same as
     * `DynamoDBSpark.readExportItems`.
     */
    def dynamoDBExport(path: String, options: Map[String, String]): RDD[DynamoDBItem] = {
      require(path != null && path.trim.nonEmpty, "An export path is required.")
      val merged = new java.util.LinkedHashMap[String, String]()
      options.foreach { case (k, v) => merged.put(k, v) }
      merged.put("dynamodb.export.path", path.trim)
      DynamoDBSpark.readExportItems(JavaSparkContext.fromSparkContext(sc), merged).rdd
    }
  }

  /** Adds `saveToDynamoDB` to an RDD of items (any `java.util.Map[String, AttributeValue]` subtype). */
  implicit class DynamoDBItemRDDFunctions[M <: DynamoDBItem](val rdd: RDD[M]) extends AnyVal {

    /** [[saveToDynamoDB(table:String,options:Map[String,String])*]] with no options but the Spark configuration. */
    def saveToDynamoDB(table: String): Unit = saveToDynamoDB(table, Map.empty[String, String])

    /**
     * Writes the items to `table` (BatchWriteItem puts; with option `mode` = `delete`, deletes the items'
     * keys). The table must exist. The write budget is shared live among the writing tasks. The same as
     * `DynamoDBSpark.writeItems`, and it fails the same way: a missing table is reported before any task
     * runs, naming the table and endpoint; a failed job throws a
     * `io.ddbconnector.exceptions.DynamoDBConnectorException` with the job-wide write figures (written, in
     * doubt, not written) and where the summary of the keys in doubt is.
     *
     * @param table the table to write (overrides a `tableName` option)
     * @param options connector options: short names such as `region`, `endpoint`, `writePercent`,
     *     `writeCapacity`, `mode`, or `dynamodb.*` keys
     */
    def saveToDynamoDB(table: String, options: Map[String, String]): Unit = {
      // RDD is invariant; an RDD[M] with M <: DynamoDBItem holds DynamoDBItems, so the cast is safe
      val items = rdd.asInstanceOf[RDD[DynamoDBItem]]
      DynamoDBSpark.writeItems(JavaRDD.fromRDD(items), withTable(table, options))
    }
  }

  /** Adds `saveToDynamoDB` to an RDD of `io.ddbconnector.hadoop.DynamoDBItemWritable`s. */
  implicit class DynamoDBWritableRDDFunctions(val rdd: RDD[DynamoDBItemWritable]) extends AnyVal {

    /** [[saveToDynamoDB(table:String,options:Map[String,String])*]] with no options but the Spark configuration. */
    def saveToDynamoDB(table: String): Unit = saveToDynamoDB(table, Map.empty[String, String])

    /**
     * Writes the writables' items to `table`, as
     * [[DynamoDBItemRDDFunctions.saveToDynamoDB(table:String,options:Map[String,String])*]] does.
     */
    def saveToDynamoDB(table: String, options: Map[String, String]): Unit =
      rdd.map(_.getItem).saveToDynamoDB(table, options)
  }

  /**
   * Adds `saveToDynamoDB` to an RDD of `(key, DynamoDBItemWritable)` pairs, such as the connector's
   * `hadoopRDD` gives (`(Text, DynamoDBItemWritable)`): the keys are ignored, the items written.
   */
  implicit class DynamoDBPairRDDFunctions[K](val rdd: RDD[(K, DynamoDBItemWritable)]) extends AnyVal {

    /** [[saveToDynamoDB(table:String,options:Map[String,String])*]] with no options but the Spark configuration. */
    def saveToDynamoDB(table: String): Unit = saveToDynamoDB(table, Map.empty[String, String])

    /**
     * Writes the pairs' items to `table`, as
     * [[DynamoDBItemRDDFunctions.saveToDynamoDB(table:String,options:Map[String,String])*]] does.
     */
    def saveToDynamoDB(table: String, options: Map[String, String]): Unit =
      rdd.map(_._2.getItem).saveToDynamoDB(table, options)
  }

  /** Adds `dynamodb` to `spark.read`. */
  implicit class DynamoDBDataFrameReaderFunctions(val reader: DataFrameReader) extends AnyVal {

    /** [[dynamodb(table:String,options:Map[String,String])*]] with the reader's own options only. */
    def dynamodb(table: String): DataFrame = dynamodb(table, Map.empty[String, String])

    /**
     * `format("dynamodb")`, the options, then `option("tableName", table)` and `load()`. The schema is the
     * reader's when one was given with `schema(...)`, else inferred from a sample of items; filters on key
     * attributes become Queries.
     *
     * @param table the table to read (overrides a `tableName` option)
     * @param options DataFrame source options (`region`, `readPercent`, `schemaSampleSize`, `pushdown`, ...)
     */
    def dynamodb(table: String, options: Map[String, String]): DataFrame =
      reader.format("dynamodb").options(withTable(table, options)).load()
  }

  /** Adds `dynamodb` to `df.write`. */
  implicit class DynamoDBDataFrameWriterFunctions[T](val writer: DataFrameWriter[T]) extends AnyVal {

    /** [[dynamodb(table:String,options:Map[String,String])*]] with the writer's own options only. */
    def dynamodb(table: String): Unit = dynamodb(table, Map.empty[String, String])

    /**
     * `format("dynamodb")`, the options, `option("tableName", table)` and `save()`: puts the rows into the
     * existing `table` (option `mode` = `delete` or `update` for the other write modes). The source only
     * appends; a writer left at Spark's default save mode (`errorifexists`, which has no meaning here: the
     * table must exist) is switched to `append`, so `mode("append")` is not needed. `overwrite` and
     * `ignore` are passed on to Spark, which rejects them for this source.
     *
     * @param table the table to write (overrides a `tableName` option)
     * @param options DataFrame source options (`region`, `writePercent`, `writeCapacity`, `mode`, ...)
     */
    def dynamodb(table: String, options: Map[String, String]): Unit = {
      val w = writer.format("dynamodb").options(withTable(table, options))
      if (SaveModes.current(w).forall(_ == SaveMode.ErrorIfExists)) w.mode(SaveMode.Append)
      w.save()
    }
  }

  /** Adds `dynamoDBTable` to a `SparkSession`. */
  implicit class DynamoDBSparkSessionFunctions(val spark: SparkSession) extends AnyVal {

    /** The table as a DataFrame: `spark.read.dynamodb(table)`. */
    def dynamoDBTable(table: String): DataFrame = spark.read.dynamodb(table)

    /** The table as a DataFrame: `spark.read.dynamodb(table, options)`. */
    def dynamoDBTable(table: String, options: Map[String, String]): DataFrame = spark.read.dynamodb(table, options)
  }
}
