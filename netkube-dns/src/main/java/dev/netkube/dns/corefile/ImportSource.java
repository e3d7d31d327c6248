package dev.netkube.dns.corefile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/** Where {@code import FILE-OR-GLOB} reads from: the file system by default, a map in tests. */
public interface ImportSource {
  /** A file an import pattern matched, with its absolute name (errors name it) and text. */
  record ImportedFile(String name, String text) {}

  /**
   * The files {@code pattern} names, relative to the directory of {@code fromFile}; empty when a glob matches
   * nothing. A plain name that does not exist is an error.
   */
  List<ImportedFile> resolve(String fromFile, String pattern) throws IOException;

  ImportSource NONE = (from, pattern) -> List.of();

  ImportSource FILES = (from, pattern) -> {
    Path base = Path.of(from).toAbsolutePath().getParent();
    Path full = Path.of(pattern).isAbsolute() || base == null ? Path.of(pattern) : base.resolve(pattern);
    List<ImportedFile> out = new ArrayList<>();
    String name = full.getFileName() == null ? "" : full.getFileName().toString();
    if (name.contains("*") || name.contains("?")) {
      Path dir = full.getParent();
      if (dir == null || !Files.isDirectory(dir)) return out;
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
      List<Path> matches = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path p : entries) if (matcher.matches(p.getFileName())) matches.add(p);
      }
      matches.sort(null); // Go's filepath.Glob returns names in lexical order
      for (Path p : matches) {
        if (Files.isDirectory(p)) throw new IOException("Could not import " + p + ": is a directory");
        out.add(new ImportedFile(p.toAbsolutePath().toString(), Files.readString(p)));
      }
      return out;
    }
    if (!Files.exists(full)) return out;
    if (Files.isDirectory(full)) throw new IOException("Could not import " + full + ": is a directory");
    out.add(new ImportedFile(full.toAbsolutePath().toString(), Files.readString(full)));
    return out;
  };
}
