package dev.netkube.agent.images;

import java.util.List;
import java.util.Map;

/**
 * A program that an image has and the node has not, run as an equivalent the node does have: the image's binary
 * path ({@code /http-echo}, {@code /coredns}) maps to the command that does its work. Resolution applies it when
 * the composed argv starts with that path, for the container's process and for exec alike.
 */
@FunctionalInterface
public interface ImageProgram {
  /**
   * @param argv the composed argv, whose first element names this program
   * @param env the container's final environment
   */
  ProgramLaunch launch(List<String> argv, Map<String, String> env);

  /** What runs instead, and the files it needs in the container. */
  record ProgramLaunch(List<String> argv, List<ImageMount> mounts) {
    public ProgramLaunch {
      argv = List.copyOf(argv);
      mounts = List.copyOf(mounts);
    }

    public static ProgramLaunch of(List<String> argv) { return new ProgramLaunch(argv, List.of()); }
  }

  /** A program that replaces its own path by {@code prefix} and keeps the arguments (the add-on roles). */
  static ImageProgram replacedBy(List<String> prefix) {
    return (argv, env) -> {
      java.util.ArrayList<String> out = new java.util.ArrayList<>(prefix);
      out.addAll(argv.subList(1, argv.size()));
      return ProgramLaunch.of(out);
    };
  }

  /**
   * A process that writes {@code stderr} and exits with {@code code}: what a program does with arguments it refuses
   * (http-echo without -text exits 127).
   */
  static ProgramLaunch failing(String stderr, int code) {
    return ProgramLaunch.of(List.of("/bin/sh", "-c", "printf '%s' \"$1\" >&2; exit " + code, "sh", stderr));
  }
}
