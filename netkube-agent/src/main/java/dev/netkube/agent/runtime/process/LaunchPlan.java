package dev.netkube.agent.runtime.process;

import dev.netkube.agent.runtime.ContainerSpec;
import dev.netkube.agent.runtime.EnvVar;
import dev.netkube.agent.runtime.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts a container (pure). The chain, each step exec'ing the next:
 *
 * <pre>
 * setpriv --pdeathsig KILL      the agent dies -> this dies, and so (pdeathsig again) does the container's PID 1
 * nsenter --net=/run/netns/X    the pod's network namespace (left out for hostNetwork)
 * unshare --mount --uts --pid   own mount (private propagation) and UTS namespaces; children in a new PID namespace
 * /bin/sh -c WAIT               forks the container's PID 1 (its first child, hence PID 1), writes its pid to
 *                               STATE/pid, waits for it and exits with its status (128+signal if killed)
 *   setpriv --pdeathsig KILL /bin/sh -c SETUP    PID 1: /proc, bind mounts, hostname, working directory, then
 *                               exec env -i -- ENV... ARGV (ENV and ARGV are arguments, not script text)
 * </pre>
 *
 * The shell, not {@code unshare --fork}, waits for PID 1 because util-linux 2.38's unshare exits 1 instead of
 * re-raising the signal when its child was killed; killing PID 1 ends every process of its PID namespace.
 *
 * A target that does not exist is created inside an overlay (upper layer on a tmpfs private to the container's
 * mount namespace) over its nearest existing parent, so the node's filesystem never changes.
 */
public final class LaunchPlan {
  private LaunchPlan() {}

  public static final String START_ERROR_FILE = "start-error";
  /** Where the setup writes the node's pid of the container's PID 1. */
  public static final String PID_FILE = "pid";
  /** Written by PID 1 once the container's files are in place, just before it execs the container's argv. */
  public static final String STARTED_FILE = "started";

  /** runc's words before the reason a process could not start (what kubelet shows as StartError's message). */
  public static final String START_ERROR_PREFIX = "failed to create containerd task: failed to create shim task: OCI runtime create failed: "
      + "runc create failed: unable to start container process: ";

  /** The argv of the process the agent starts (its environment is irrelevant: the container's is set by env -i). */
  public static List<String> command(ContainerSpec spec, Optional<String> ptySlave) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL"));
    spec.netns().ifPresent(ns -> cmd.addAll(List.of("/usr/bin/nsenter", "--net=" + ns, "--")));
    cmd.addAll(List.of("/usr/bin/unshare", "--mount", "--uts", "--pid", "--propagation", "private", "--",
        "/bin/sh", "-c", script(spec, ptySlave), "sh", Integer.toString(spec.env().size())));
    for (EnvVar v : spec.env()) cmd.add(v.assignment());
    cmd.addAll(spec.argv());
    return cmd;
  }

  static String script(ContainerSpec spec, Optional<String> ptySlave) { return waitScript(spec, setupScript(spec, ptySlave)); }

  /** What PID 1 runs: the container's namespaces set up, then exec of its argv. */
  static String setupScript(ContainerSpec spec, Optional<String> ptySlave) {
    Path state = spec.stateDir().toAbsolutePath();
    StringBuilder s = new StringBuilder();
    s.append("PATH=/usr/sbin:/usr/bin:/sbin:/bin\n");
    // Arguments: the number of environment variables, the variables (NAME=value), then argv. They stay out of the
    // script: one argument may not exceed 128 KiB, and a namespace with many services gives many variables.
    s.append("n=$1; shift; eval \"c=\\\"\\${$((n+1))}\\\"\"\n");
    s.append("mount -t proc proc /proc || exit 128\n");
    s.append("S=").append(Shell.quote(state.toString())).append('\n');
    // $D is the state directory as the agent sees it: $S until the mounts start, then the directory itself through an
    // open descriptor, since an overlay over one of its parents (a NETKUBE_HOME under /root and an image file at
    // /root/app) would hide it: the overlays' upper layers, the start error and the started mark must land there
    s.append("D=\"$S\"\n");
    s.append("fail() { printf '%s' \"$1\" > \"$D/").append(START_ERROR_FILE).append("\"; exit 128; }\n");
    // Overlays over the parents of missing targets; their upper layers live on a tmpfs only this namespace sees.
    s.append("OVL=' '; N=0; NEWROOT=\n");
    // A new top-level directory (a volume at /data) cannot come from an overlay over / (that would hide /proc,
    // /dev and every other mount): the container then gets a root of its own, a tmpfs holding a recursive bind
    // of each of the node's top-level entries, and pivots into it.
    s.append("""
        newroot() {
          R="$S/root"; mkdir -p "$R" && mount -t tmpfs -o mode=0755 netkube-root "$R" || fail "error preparing the container's root"
          for e in /* /.[!.]*; do
            [ -e "$e" ] || [ -L "$e" ] || continue
            n=${e#/}
            if [ -L "$e" ]; then cp -P "$e" "$R/$n"
            elif [ -d "$e" ]; then mkdir "$R/$n" && mount --rbind "$e" "$R/$n"
            else : > "$R/$n" && mount --bind "$e" "$R/$n"; fi || fail "error preparing the container's root at $e"
          done
          mkdir "$R/.netkube-old-root" && cd "$R" && pivot_root . .netkube-old-root && cd / \\
            && umount -l /.netkube-old-root && rmdir /.netkube-old-root || fail "error entering the container's root"
          NEWROOT=1
        }
        """);
    s.append("""
        ensure() { # $1 target, $2 source: make the mount point exist in this namespace only
          [ -e "$1" ] && return 0
          p=${1%/*}; [ -z "$p" ] && p=/
          while [ ! -d "$p" ]; do p=${p%/*}; [ -z "$p" ] && p=/; done
          if [ "$p" = / ]; then
            [ -n "$NEWROOT" ] || fail "error mounting \\"$2\\" to rootfs at \\"$1\\": no root of its own"
            if [ -d "$2" ]; then mkdir -p "$1"; else mkdir -p "${1%/*}" && : > "$1"; fi || fail "error mounting \\"$2\\" to rootfs at \\"$1\\": cannot create mount point"
            return 0
          fi
          covered=
          for o in $OVL; do case "$p/" in "$o"/*|"$o/") covered=1;; esac; done
          if [ -z "$covered" ]; then
            [ "$N" = 0 ] && { mkdir -p "$D/ovl" && mount -t tmpfs -o mode=0755 netkube-overlays "$D/ovl" || fail "error mounting overlay tmpfs"; }
            N=$((N+1)); mkdir -p "$D/ovl/$N/u" "$D/ovl/$N/w"
            mount -t overlay overlay -o "lowerdir=$p,upperdir=$D/ovl/$N/u,workdir=$D/ovl/$N/w" "$p" \\
              || fail "error mounting \\"$2\\" to rootfs at \\"$1\\": cannot create mount point under $p"
            OVL="$OVL$p "
          fi
          if [ -d "$2" ]; then mkdir -p "$1"; else mkdir -p "${1%/*}" && : > "$1"; fi \\
            || fail "error mounting \\"$2\\" to rootfs at \\"$1\\": cannot create mount point"
        }
        bind() { # $1 source, $2 target, $3 ro|rw
          ensure "$2" "$1"
          if [ "$3" = ro ]; then o=-o\\ ro; else o=; fi
          err=$(mount --bind $o "$1" "$2" 2>&1) || fail "error mounting \\"$1\\" to rootfs at \\"$2\\": $err"
        }
        """);
    List<String> tops = new ArrayList<>();
    for (Mount m : spec.mounts()) tops.add(topLevel(m.target()));
    tops.add(topLevel(spec.workingDir()));
    s.append("for c in");
    for (String t : tops.stream().distinct().filter(t -> !t.equals("/")).toList()) s.append(' ').append(Shell.quote(t));
    s.append("; do [ -e \"$c\" ] || [ -L \"$c\" ] || { newroot; break; }; done\n");
    // opened after the pivot, so that it lies in this namespace's tree (mount(2) refuses targets outside it)
    s.append("exec 7<\"$S\" || fail 'error opening the container state directory'; D=/proc/self/fd/7\n");
    List<Mount> mounts = new ArrayList<>(spec.mounts());
    // Parents first, as containerd sorts mounts: a volume at /data and a file in it at /data/x.
    mounts.sort(Comparator.comparingInt((Mount m) -> depth(m.target())));
    for (Mount m : mounts) {
      s.append("bind ").append(Shell.quote(m.source().toAbsolutePath().toString())).append(' ')
          .append(Shell.quote(m.target())).append(m.readOnly() ? " ro" : " rw").append('\n');
    }
    spec.hostname().ifPresent(h -> s.append("printf '%s' ").append(Shell.quote(h))
        .append(" > /proc/sys/kernel/hostname || fail 'error setting hostname'\n"));
    String wd = spec.workingDir();
    // runc creates a missing working directory; here it appears in the container's view only.
    s.append("[ -d ").append(Shell.quote(wd)).append(" ] || ensure ").append(Shell.quote(wd)).append(" /\n");
    s.append("cd ").append(Shell.quote(wd)).append(" 2>/dev/null || fail ")
        .append(Shell.quote("error during container init: chdir to cwd (\"" + wd + "\") set in config.json failed: no such file or directory"))
        .append('\n');
    Optional<String> path = spec.env().stream().filter(v -> v.name().equals("PATH")).map(EnvVar::value).findFirst();
    // runc's lookup of argv[0] uses the container's PATH; so does env below.
    s.append("if ! (PATH=").append(Shell.quote(path.orElse(""))).append("; command -v \"$c\" >/dev/null 2>&1); then\n")
        .append("  case \"$c\" in */*) fail \"exec: \\\"$c\\\": stat $c: no such file or directory\";;\n")
        .append("  *) fail \"exec: \\\"$c\\\": executable file not found in \\$PATH\";; esac\nfi\n");
    StringBuilder exec = new StringBuilder("exec ");
    if (ptySlave.isPresent()) exec.append("/usr/bin/setsid -c ");
    exec.append("/usr/bin/env -i -- \"$@\"");
    ptySlave.ifPresent(pts -> exec.append(" <").append(Shell.quote(pts)).append(" >").append(Shell.quote(pts)).append(" 2>&1"));
    s.append(": > \"$D/").append(STARTED_FILE).append("\"\n");
    s.append("exec 7<&-\n"); // the container gets none of the setup's descriptors
    s.append(exec).append('\n');
    return s.toString();
  }

  /** The shell that forks PID 1 running {@code setup}, records its pid, waits for it and exits as it did. */
  static String waitScript(ContainerSpec spec, String setup) {
    Path state = spec.stateDir().toAbsolutePath();
    // The waiting shell: the first process it forks is PID 1 of the new PID namespace, so nothing may fork before.
    // A background job's stdin would be /dev/null: the real one is handed over through fd 3.
    StringBuilder w = new StringBuilder();
    w.append("exec 3<&0\n");
    w.append("/usr/bin/setpriv --pdeathsig KILL /bin/sh -c ").append(Shell.quote(setup)).append(" sh \"$@\" <&3 3<&- &\n");
    w.append("exec 3<&-\n");
    w.append("echo $! > ").append(Shell.quote(state.resolve(PID_FILE).toString())).append('\n');
    w.append("wait $!\n");
    w.append("exit $?\n");
    return w.toString();
  }

  /** {@code /data} of {@code /data/x/y}. */
  static String topLevel(String path) {
    String rest = path.substring(1);
    int slash = rest.indexOf('/');
    return "/" + (slash < 0 ? rest : rest.substring(0, slash));
  }

  private static int depth(String target) {
    String t = target.endsWith("/") && target.length() > 1 ? target.substring(0, target.length() - 1) : target;
    return (int) t.chars().filter(c -> c == '/').count();
  }

  /**
   * The command line of an exec: nsenter into the container's namespaces (by its PID 1), in its working directory,
   * with the container's environment.
   */
  public static List<String> execCommand(long containerPid, List<EnvVar> env, List<String> argv, Optional<String> ptySlave) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "/usr/bin/nsenter", "-t",
        Long.toString(containerPid), "--mount", "--uts", "--net", "--pid", "--wd", "--"));
    List<String> run = new ArrayList<>(List.of("/usr/bin/env", "-i", "--"));
    for (EnvVar v : env) run.add(v.assignment());
    run.addAll(argv);
    if (ptySlave.isPresent()) {
      cmd.addAll(List.of("/bin/sh", "-c", "t=$1; shift; exec /usr/bin/setsid -c \"$@\" <\"$t\" >\"$t\" 2>&1", "sh", ptySlave.get()));
    }
    cmd.addAll(run);
    return cmd;
  }
}
