package dev.netkube.agent.images;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images a node can run, by repository. An entry for one tag wins over an entry for every tag; of two entries
 * for the same repository and tag, the one merged last wins (user images over the built-in ones). Immutable.
 */
public final class ImageCatalog {
  private final Map<String, CatalogEntry> byKey;

  private ImageCatalog(Map<String, CatalogEntry> byKey) { this.byKey = byKey; }

  public static ImageCatalog of(Collection<CatalogEntry> entries) { return new ImageCatalog(Map.of()).merge(entries); }

  /** This catalog with {@code entries} over it. */
  public ImageCatalog merge(Collection<CatalogEntry> entries) {
    Map<String, CatalogEntry> merged = new LinkedHashMap<>(byKey);
    for (CatalogEntry e : entries) merged.put(key(e.repository(), e.tag()), e);
    return new ImageCatalog(Map.copyOf(merged));
  }

  public Optional<CatalogEntry> lookup(ImageReference ref) {
    if (ref.tag().isPresent()) {
      CatalogEntry exact = byKey.get(key(ref.repository(), ref.tag()));
      if (exact != null) return Optional.of(exact);
    }
    return Optional.ofNullable(byKey.get(key(ref.repository(), Optional.empty())));
  }

  public List<CatalogEntry> entries() { return new ArrayList<>(byKey.values()); }

  private static String key(String repository, Optional<String> tag) { return repository + tag.map(t -> ":" + t).orElse(""); }
}
