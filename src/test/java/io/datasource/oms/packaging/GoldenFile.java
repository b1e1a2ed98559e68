package io.datasource.oms.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A committed file that must equal what the build produces. On drift the test fails and says how
 * to regenerate; with {@code -Dregenerate=true} it rewrites the file instead (review the diff).
 */
final class GoldenFile {

  static final String REGENERATE = "regenerate";

  private GoldenFile() {}

  static void check(Path committed, String expected, String testName) {
    String actual = read(committed);
    if (expected.equals(actual)) {
      return;
    }
    if (Boolean.getBoolean(REGENERATE)) {
      write(committed, expected);
      return;
    }
    throw new AssertionError(committed + (actual == null ? " is missing." : " differs from what"
        + " the build produces.") + " Regenerate it with\n"
        + "  mvn -B -o -q test -Dtest=" + testName + " -D" + REGENERATE + "=true\n"
        + "then review and commit the diff.\n" + firstDifference(expected, actual));
  }

  static String read(Path path) {
    try {
      return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path path, String content) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstDifference(String expected, String actual) {
    if (actual == null) {
      return "";
    }
    String[] want = expected.split("\n", -1);
    String[] have = actual.split("\n", -1);
    for (int i = 0; i < Math.max(want.length, have.length); i++) {
      String w = i < want.length ? want[i] : "<end of file>";
      String h = i < have.length ? have[i] : "<end of file>";
      if (!w.equals(h)) {
        return "first difference at line " + (i + 1) + ":\n  expected: " + w + "\n  committed: " + h;
      }
    }
    return "";
  }
}
