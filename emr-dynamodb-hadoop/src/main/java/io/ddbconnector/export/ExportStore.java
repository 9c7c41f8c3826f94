package io.ddbconnector.export;

import java.io.IOException;
import java.io.InputStream;
import java.util.SortedMap;

/**
 * The few file operations reading an export needs, so that the core knows no file system API. Paths are the
 * binding's own strings (e.g. Hadoop paths such as {@code s3a://bucket/prefix}).
 */
public interface ExportStore {

  /** What a path is. */
  enum Kind { FILE, DIRECTORY, MISSING }

  Kind kind(String path) throws IOException;

  /** The entries directly in directory {@code dir}: path to length in bytes, sorted by path. */
  SortedMap<String, Long> list(String dir) throws IOException;

  InputStream open(String path) throws IOException;

  /** The path of {@code name} in directory {@code dir}. */
  String child(String dir, String name);

  /** The directory holding {@code path}. */
  String parent(String path);

  /** The last component of {@code path}. */
  String name(String path);
}
