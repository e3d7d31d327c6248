package dev.netkube.cli.server;

import dev.netkube.cli.NetkubeHome;
import dev.netkube.cli.process.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts {@code netkube server} detached from the terminal: a new session (setsid, so closing the
 * terminal does not stop it), stdin from /dev/null, stdout and stderr appended to the log.
 */
public final class ServerLauncher {
  /** Set by ./netkube: the JVM flags of the server role (whitespace-separated). */
  public static final String JVM_OPTIONS_PROPERTY = "netkube.server.jvmOptions";

  /** Used when netkube runs without the ./netkube script (e.g. from an IDE). */
  static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:MaxMetaspaceSize=128m");

  private ServerLauncher() {}

  /** The command line of the server process. Pure. */
  public static List<String> command(Path setsid, Path java, List<String> jvmOptions, String classPath, List<String> serverArgs) {
    List<String> command = new ArrayList<>();
    if (setsid != null) command.add(setsid.toString());
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, ServerProcess.MAIN_CLASS, "server"));
    command.addAll(serverArgs);
    return command;
  }

  /** Starts the server; returns the started process (its pid is the server's: setsid execs). */
  public static Process launch(NetkubeHome home, List<String> serverArgs) throws IOException {
    Files.createDirectories(home.logsDir());
    Path setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) ? Path.of("/usr/bin/setsid")
        : Files.isExecutable(Path.of("/bin/setsid")) ? Path.of("/bin/setsid") : null;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String options = System.getProperty(JVM_OPTIONS_PROPERTY, "").trim();
    List<String> jvmOptions = options.isEmpty() ? DEFAULT_JVM_OPTIONS : Arrays.asList(options.split("\\s+"));
    ProcessBuilder builder = new ProcessBuilder(command(setsid, java, jvmOptions, System.getProperty("java.class.path"), serverArgs))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.serverLog().toFile()))
        .redirectErrorStream(true);
    builder.environment().put("NETKUBE_HOME", home.dir().toString());
    return builder.start();
  }

  /** The last lines of the server log, to show when the server died while starting. */
  public static List<String> logTail(NetkubeHome home, int lines) {
    try {
      List<String> all = Files.readAllLines(home.serverLog());
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException e) {
      return List.of();
    }
  }
}
