package io.ddbconnector.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md, docs/*.md and benchmarks/README.md resolves: the file exists and, with a
 * {@code #anchor}, the file has a heading with that GitHub anchor. External links are not checked.
 */
class DocLinksTest {

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.*?)#*\\s*$");

  @Test
  void relativeLinksAndAnchorsResolve() throws IOException {
    Path root = Paths.get(System.getProperty("ddb.project.root", "..")).toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>(ConfigDoc.markdownFiles(List.of(root.resolve("docs"))));
    files.add(root.resolve("README.md"));
    files.add(root.resolve("benchmarks/README.md"));
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path f : files) {
      for (String target : links(f)) {
        if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
          continue; // https:, mailto: ...
        }
        checked++;
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path resolved = path.isEmpty() ? f : f.getParent().resolve(path).normalize();
        if (!Files.exists(resolved)) {
          broken.add(root.relativize(f) + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(root.relativize(f) + ": " + target + " (no such heading in " + root.relativize(resolved) + ")");
        }
      }
    }
    assertTrue(checked > 50, "too few links found (" + checked + "): is the project root right? " + root);
    assertEquals(List.of(), broken, "broken relative links");
  }

  /** The link targets of a Markdown file, outside fenced code blocks and code spans. */
  static List<String> links(Path f) throws IOException {
    List<String> out = new ArrayList<>();
    boolean fence = false;
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      if (line.trim().startsWith("```")) {
        fence = !fence;
        continue;
      }
      if (fence) {
        continue;
      }
      Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** The GitHub anchors of a Markdown file's headings (a file that is not Markdown has none). */
  static Set<String> anchors(Path f) throws IOException {
    Set<String> out = new HashSet<>();
    if (!f.toString().endsWith(".md")) {
      return out;
    }
    Map<String, Integer> seen = new HashMap<>();
    boolean fence = false;
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      if (line.trim().startsWith("```")) {
        fence = !fence;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (fence || !m.matches()) {
        continue;
      }
      String slug = slug(m.group(1));
      int n = seen.merge(slug, 1, Integer::sum);
      out.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return out;
  }

  /** GitHub's heading anchor: lower case, punctuation dropped (but {@code -} and {@code _}), spaces as hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        sb.append(c);
      } else if (c == ' ') {
        sb.append('-');
      }
    }
    return sb.toString();
  }

  @Test
  void slugsFollowGitHub() {
    assertEquals("tools-export-import-copy", slug("Tools: export, import, copy"));
    assertEquals("the-main-job-ordersanalytics", slug("The main job: `OrdersAnalytics`"));
    assertEquals("create-table-checks", slug("CREATE TABLE checks"));
    assertEquals("jobs-whole-jobs-beside-the-raw-sdk-and-the-released-reference-connector",
        slug("`jobs`: whole jobs beside the raw SDK and the released reference connector"));
  }
}
