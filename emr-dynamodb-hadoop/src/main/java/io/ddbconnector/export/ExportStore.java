package io.ddbconnector.export;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The few file operations reading an export needs, so that the core knows no file system API. Paths are the
 * binding's own strings (e.g. Hadoop paths such as {@code s3a://bucket/prefix}).
 */
public interface ExportStore {

  /** What a path is. */
  enum Kind { FILE, DIRECTORY, MISSING }

  Kind kind(String path) throws IOException;

  /** The paths of the entries directly in directory {@code dir}, sorted. */
  List<String> list(String dir) throws IOException;

  InputStream open(String path) throws IOException;

  /** The path of {@code name} in directory {@code dir}. */
  String child(String dir, String name);

  /** The directory holding {@code path}. */
  String parent(String path);

  /** The last component of {@code path}. */
  String name(String path);
}
