package dev.netkube.agent.volumes;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a volume's files as kubelet's atomic writer lays them out, so that a reader never sees
 * half of an update:
 *
 * <pre>
 * &lt;volume&gt;/..2026_12_02_02_16_09.3185492547/Corefile   the payload, in a timestamped folder
 * &lt;volume&gt;/..data -&gt; ..2026_12_02_02_16_09.3185492547     swapped by rename(2) on each update
 * &lt;volume&gt;/Corefile -&gt; ..data/Corefile                    one link per top-level name
 * </pre>
 *
 * An unchanged payload writes nothing; a new one goes into a new timestamped folder, the links of
 * new names are made, {@code ..data} is swapped, the links of names that went are removed and the
 * old folder goes last.
 */
public final class AtomicWriter {
  static final String DATA_DIR = "..data";
  private static final String DATA_DIR_TMP = "..data_tmp";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss'.'").withZone(ZoneOffset.UTC);

  private final Clock clock;

  public AtomicWriter(Clock clock) { this.clock = clock; }

  /** Writes {@code payload} into {@code target} (made if missing); returns whether anything changed. */
  public boolean write(Path target, Map<String, VolumeFile> payload) throws IOException {
    for (String p : payload.keySet()) validate(p);
    Files.createDirectories(target);
    Optional<Path> old = current(target);
    if (old.isPresent() && same(old.get(), payload)) return false;
    Set<String> oldTop = old.isPresent() ? topLevel(old.get()) : Set.of();
    Path ts = newTimestampDir(target);
    for (var e : payload.entrySet()) {
      Path file = ts.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue().data());
      Files.setPosixFilePermissions(file, permissions(e.getValue().mode()));
    }
    Set<String> newTop = new HashSet<>();
    for (String p : payload.keySet()) newTop.add(p.split("/", 2)[0]);
    for (String name : newTop) {
      Path link = target.resolve(name);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of(DATA_DIR, name));
    }
    Path tmp = target.resolve(DATA_DIR_TMP);
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, ts.getFileName());
    Files.move(tmp, target.resolve(DATA_DIR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String name : oldTop) if (!newTop.contains(name)) Files.deleteIfExists(target.resolve(name));
    if (old.isPresent()) deleteTree(old.get());
    return true;
  }

  /** The folder {@code ..data} points at now. */
  static Optional<Path> current(Path target) throws IOException {
    Path data = target.resolve(DATA_DIR);
    if (!Files.isSymbolicLink(data)) return Optional.empty();
    Path dir = target.resolve(Files.readSymbolicLink(data));
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** Absolute paths, "..", and names starting with ".." are refused, as upstream's validatePath does. */
  static void validate(String p) throws IOException {
    if (p.isEmpty()) throw new IOException("invalid path: must not be empty");
    if (p.startsWith("/")) throw new IOException("invalid path: must be relative path: " + p);
    if (p.length() > 4096) throw new IOException("invalid path: must be less than or equal to 4096 characters");
    if (Arrays.asList(p.split("/")).contains("..")) throw new IOException("invalid path: must not contain '..': " + p);
    if (p.startsWith("..")) throw new IOException("invalid path: must not start with '..': " + p);
  }

  private static boolean same(Path dir, Map<String, VolumeFile> payload) throws IOException {
    Set<String> files = new HashSet<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) files.add(dir.relativize(p).toString());
    }
    if (!files.equals(payload.keySet())) return false;
    for (var e : payload.entrySet()) {
      Path f = dir.resolve(e.getKey());
      if (!Arrays.equals(Files.readAllBytes(f), e.getValue().data())) return false;
      if (!Files.getPosixFilePermissions(f).equals(permissions(e.getValue().mode()))) return false;
    }
    return true;
  }

  private static Set<String> topLevel(Path dir) throws IOException {
    Set<String> out = new HashSet<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.forEach(p -> out.add(p.getFileName().toString()));
    }
    return out;
  }

  /** Go's os.MkdirTemp with kubelet's pattern: the UTC time to the second, then a random number; mode 0755. */
  private Path newTimestampDir(Path target) throws IOException {
    String prefix = STAMP.format(clock.instant());
    for (int i = 0; ; i++) {
      Path dir = target.resolve(prefix + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt()));
      try {
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, permissions(0755));
        return dir;
      } catch (FileAlreadyExistsException e) {
        if (i > 100) throw e;
      }
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < 9; bit++) if ((mode & (1 << bit)) != 0) s.add(order[bit]);
    return s;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
          // gone meanwhile
        }
      }
    }
  }
}
