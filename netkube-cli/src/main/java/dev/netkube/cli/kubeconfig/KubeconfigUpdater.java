package dev.netkube.cli.kubeconfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges netkube's entry into the user's kubeconfig files and removes it again, writing each
 * stanza where kubectl's own {@code ModifyConfig} would: a cluster, user or context goes to the
 * first file of the precedence that already defines that name, else to the default file; a new
 * current-context goes to the default file (see {@link KubeconfigPaths#defaultFile}).
 */
public final class KubeconfigUpdater {
  private final KubeconfigPaths paths;

  public KubeconfigUpdater(KubeconfigPaths paths) {
    this.paths = paths;
  }

  /** Files changed by an update; empty when everything already was as asked. */
  public record Changes(List<Path> written) {
    public Changes {
      written = List.copyOf(written);
    }
  }

  /** Adds or refreshes the entry and makes its context current. Running it twice changes nothing. */
  public Changes merge(KubeconfigEntry entry) throws IOException {
    Map<Path, ObjectNode> before = load();
    return writeChanged(before, merged(before, entry));
  }

  /**
   * The merge worked out now and written by {@link Plan#apply()} later ({@code up} prepares it
   * while the server starts). A file that changed in between is read again and the merge redone,
   * so that nothing written meanwhile is lost.
   */
  public Plan plan(KubeconfigEntry entry) throws IOException {
    Map<Path, Optional<String>> texts = readTexts();
    Map<Path, ObjectNode> before = parse(texts);
    Map<Path, ObjectNode> after = merged(before, entry);
    Map<Path, String> changed = new LinkedHashMap<>();
    for (Map.Entry<Path, ObjectNode> file : after.entrySet()) {
      if (!file.getValue().equals(before.get(file.getKey()))) {
        changed.put(file.getKey(), KubeconfigFiles.text(file.getValue()));
      }
    }
    return new Plan(entry, texts, changed);
  }

  /** A prepared merge: the files' texts it was worked out from and the new texts of those it changes. */
  public final class Plan {
    private final KubeconfigEntry entry;
    private final Map<Path, Optional<String>> basis;
    private final Map<Path, String> changed;

    private Plan(KubeconfigEntry entry, Map<Path, Optional<String>> basis, Map<Path, String> changed) {
      this.entry = entry;
      this.basis = basis;
      this.changed = changed;
    }

    /** Writes the changed files; merges anew when a file is no longer what the plan was made from. */
    public Changes apply() throws IOException {
      if (!readTexts().equals(basis)) return merge(entry);
      for (Map.Entry<Path, String> file : changed.entrySet()) KubeconfigFiles.writeText(file.getKey(), file.getValue());
      return new Changes(new ArrayList<>(changed.keySet()));
    }
  }

  private Map<Path, ObjectNode> merged(Map<Path, ObjectNode> before, KubeconfigEntry entry) {
    Map<Path, ObjectNode> after = new LinkedHashMap<>(before);
    Path defaultFile = paths.defaultFile(before::containsKey);
    for (KubeconfigSection section : KubeconfigSection.values()) {
      Path destination = origin(before, section, entry.name()).orElse(defaultFile);
      ObjectNode body = switch (section) {
        case CLUSTERS -> entry.cluster();
        case USERS -> entry.user();
        case CONTEXTS -> entry.context();
      };
      after.put(destination, KubeconfigDocument.withEntry(current(after, destination), section, entry.name(), body));
    }
    if (!entry.name().equals(mergedCurrentContext(before))) {
      after.put(defaultFile, KubeconfigDocument.withCurrentContext(current(after, defaultFile), entry.name()));
    }
    return after;
  }

  /**
   * Removes every cluster, user and context of this name from every file of the precedence (not
   * only the first, so that no older copy surfaces), and clears current-context where it names it.
   */
  public Changes remove(String name) throws IOException {
    Map<Path, ObjectNode> before = load();
    Map<Path, ObjectNode> after = new LinkedHashMap<>();
    for (Map.Entry<Path, ObjectNode> file : before.entrySet()) {
      ObjectNode config = file.getValue();
      for (KubeconfigSection section : KubeconfigSection.values()) {
        config = KubeconfigDocument.withoutEntry(config, section, name);
      }
      if (name.equals(KubeconfigDocument.currentContext(config))) {
        config = KubeconfigDocument.withCurrentContext(config, "");
      }
      after.put(file.getKey(), config);
    }
    return writeChanged(before, after);
  }

  /** The file that wins for this stanza when kubectl merges the precedence (first one defining it). */
  private static Optional<Path> origin(Map<Path, ObjectNode> files, KubeconfigSection section, String name) {
    return files.entrySet().stream()
        .filter(file -> KubeconfigDocument.defines(file.getValue(), section, name))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** kubectl's effective current-context: that of the first file which sets a non-empty one. */
  private static String mergedCurrentContext(Map<Path, ObjectNode> files) {
    return files.values().stream()
        .map(KubeconfigDocument::currentContext)
        .filter(context -> !context.isEmpty())
        .findFirst()
        .orElse("");
  }

  private static ObjectNode current(Map<Path, ObjectNode> files, Path file) {
    ObjectNode config = files.get(file);
    return config != null ? config : KubeconfigDocument.empty();
  }

  /** The existing files of the precedence, in order. */
  private Map<Path, ObjectNode> load() throws IOException {
    return parse(readTexts());
  }

  /** The text of each file of the precedence, in order; empty for a file that does not exist. */
  private Map<Path, Optional<String>> readTexts() throws IOException {
    Map<Path, Optional<String>> texts = new LinkedHashMap<>();
    for (Path file : paths.precedence()) texts.put(file, KubeconfigFiles.readText(file));
    return texts;
  }

  private static Map<Path, ObjectNode> parse(Map<Path, Optional<String>> texts) throws IOException {
    Map<Path, ObjectNode> files = new LinkedHashMap<>();
    for (Map.Entry<Path, Optional<String>> text : texts.entrySet()) {
      if (text.getValue().isPresent()) files.put(text.getKey(), KubeconfigFiles.parse(text.getKey(), text.getValue().get()));
    }
    return files;
  }

  private static Changes writeChanged(Map<Path, ObjectNode> before, Map<Path, ObjectNode> after) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<Path, ObjectNode> file : after.entrySet()) {
      if (!file.getValue().equals(before.get(file.getKey()))) {
        KubeconfigFiles.write(file.getKey(), file.getValue());
        written.add(file.getKey());
      }
    }
    return new Changes(written);
  }
}
