package io.ddbconnector.spark

import org.apache.spark.sql.{DataFrameWriter, SaveMode}

import scala.util.Try

/**
 * The save mode a `DataFrameWriter` holds. Spark keeps it in `curmode`, which its Scala API marks protected; the
 * JVM accessor is public, so it is read reflectively. `None` when this Spark has no such accessor: callers then
 * treat the writer as left at its default.
 */
private[spark] object SaveModes {

  def current(writer: DataFrameWriter[_]): Option[SaveMode] =
    Try(writer.getClass.getMethod("curmode").invoke(writer)).toOption.collect { case m: SaveMode => m }
}
