package dev.netkube.cli.server;

import dev.netkube.apiserver.ApiServerConfig;
import dev.netkube.cli.FastArgs;
import dev.netkube.cli.NetkubeHome;
import dev.netkube.cli.UserError;
import dev.netkube.cli.cluster.Cidr;
import dev.netkube.cli.cluster.LayoutSpec;
import dev.netkube.cli.process.LinuxProcessTable;
import dev.netkube.cli.process.PidFile;
import dev.netkube.cli.process.PortOwner;
import dev.netkube.cli.process.ServerProcess;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The API server role in the foreground; SIGTERM (or Ctrl-C) stops it cleanly. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run the API server in the foreground (the role `up` starts in the background).")
public final class ServerCommand implements Callable<Integer> {

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--port", defaultValue = "6443", description = "HTTPS port (default ${DEFAULT-VALUE}).")
  int port = 6443;

  @Option(names = "--bind-address", paramLabel = "IP", split = ",", defaultValue = "127.0.0.1",
      description = "Addresses to listen on (default ${DEFAULT-VALUE}).")
  List<String> bindAddresses = new ArrayList<>(List.of("127.0.0.1"));

  @Option(names = "--cluster-cidr", paramLabel = "CIDR", defaultValue = "10.244.0.0/16",
      description = "The pod network: each node's spec.podCIDR is a /24 of it (default ${DEFAULT-VALUE}).")
  String clusterCidr = LayoutSpec.DEFAULT_POD_CIDR.toString();

  @Option(names = "--lan-link", paramLabel = "LINK",
      description = "The host's link into the cluster LAN (`up` passes it): keep a route to each node's pod CIDR"
          + " via the node's InternalIP on it.")
  String lanLink;

  /** How long a bind address that is not yet on this host is waited for (`up` makes the LAN meanwhile). */
  static final Duration BIND_ADDRESS_WAIT = Duration.ofSeconds(15);

  /**
   * The command from its arguments without picocli (see {@link FastArgs}); empty when picocli
   * should parse them.
   */
  public static Optional<ServerCommand> fromArgs(List<String> args) {
    Set<String> single = new java.util.HashSet<>(StoreOptions.SINGLE_OPTIONS);
    single.addAll(List.of("--port", "--cluster-cidr", "--lan-link"));
    Set<String> lists = new java.util.HashSet<>(StoreOptions.LIST_OPTIONS);
    lists.add("--bind-address");
    Optional<FastArgs> parsed = FastArgs.parse(args, single, lists);
    if (parsed.isEmpty()) return Optional.empty();
    Optional<StoreOptions> store = StoreOptions.from(parsed.get());
    Integer port = parsed.get().intValue("--port", 6443);
    if (store.isEmpty() || port == null) return Optional.empty();
    ServerCommand server = new ServerCommand();
    server.store = store.get();
    server.port = port;
    List<String> addresses = parsed.get().list("--bind-address");
    if (!addresses.isEmpty()) server.bindAddresses = new ArrayList<>(addresses);
    parsed.get().value("--cluster-cidr").ifPresent(c -> server.clusterCidr = c);
    server.lanLink = parsed.get().value("--lan-link").orElse(null);
    return Optional.of(server);
  }

  @Override
  public Integer call() throws Exception {
    NetkubeHome home = NetkubeHome.fromEnvironment();
    PidFile pidFile = new PidFile(home.pidFile());
    long self = ProcessHandle.current().pid();
    if (pidFile.check(new LinuxProcessTable()) instanceof ServerProcess.Running running && running.pid() != self) {
      throw new UserError("a netkube server already runs (pid " + running.pid() + ")",
          "stop it with ./netkube down, or use that one");
    }
    ApiServerConfig config = new ApiServerConfig(home.dir(), bindAddresses, port, store.toConfig(home));
    ControlPlane server = startControlPlane(config, podNetwork());
    String endpoint = "https://" + hostForUrl(bindAddresses.get(0)) + ":" + server.server().port();
    pidFile.write(self);
    new ServerInfo(self, endpoint, StoreOptions.describe(config.store()), StoreOptions.shortName(config.store()), Instant.now())
        .write(home.serverInfoFile());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, pidFile, home, self), "netkube-shutdown"));
    System.out.println("netkube: API server serving on " + endpoint + " with store " + StoreOptions.describe(config.store()));
    server.awaitTermination();
    return 0;
  }

  private ControlPlane startControlPlane(ApiServerConfig config, PodNetwork podNetwork) throws Exception {
    try {
      return ControlPlane.start(config, podNetwork);
    } catch (BindException e) {
      if (BindAddresses.notLocal(bindAddresses).isEmpty()) throw PortInUse.error(port);
      // ./netkube starts the server while `up` makes the LAN: its address may come a moment later
      if (!BindAddresses.awaitLocal(bindAddresses, BIND_ADDRESS_WAIT)) {
        throw new UserError("cannot listen on " + String.join(", ", BindAddresses.notLocal(bindAddresses))
            + ": no link of this host has that address", "check --bind-address (and that `./netkube up` made the cluster LAN)");
      }
      try {
        return ControlPlane.start(config, podNetwork);
      } catch (BindException again) {
        throw PortInUse.error(port);
      }
    }
  }

  private PodNetwork podNetwork() {
    Cidr cidr;
    try {
      cidr = Cidr.parse(clusterCidr);
    } catch (IllegalArgumentException e) {
      throw new UserError("--cluster-cidr " + e.getMessage(), "e.g. --cluster-cidr " + LayoutSpec.DEFAULT_POD_CIDR);
    }
    if (cidr.prefix() > 24) throw new UserError("--cluster-cidr " + cidr + " holds no node /24", "use a /8 to /24 network");
    return new PodNetwork(cidr, Optional.ofNullable(lanLink).filter(l -> !l.isBlank()));
  }

  private static void stop(ControlPlane server, PidFile pidFile, NetkubeHome home, long self) {
    server.close();
    try {
      pidFile.removeIfOwnedBy(self);
      if (ServerInfo.read(home.serverInfoFile()).map(info -> info.pid() == self).orElse(false)) {
        java.nio.file.Files.deleteIfExists(home.serverInfoFile());
      }
    } catch (IOException ignored) {
      // exiting anyway; the next `up` treats the files as stale
    }
  }

  private static String hostForUrl(String address) {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  /** The error for a port someone else holds, naming the holder when /proc shows it. */
  public static final class PortInUse {
    private PortInUse() {}

    public static UserError error(int port) {
      return PortOwner.find(port)
          .map(owner -> new UserError("port " + port + " is in use by process " + owner.pid()
                  + (owner.commandLine().isEmpty() ? "" : " (" + abbreviate(owner.commandLine()) + ")"),
              "stop it (kill " + owner.pid() + ") or, if it is a netkube server, ./netkube down; then try again"))
          .orElseGet(() -> new UserError("port " + port + " is in use by another process",
              "find it with `ss -ltnp 'sport = :" + port + "'` (as root to see every process) and stop it; then try again"));
    }

    private static String abbreviate(String commandLine) {
      return commandLine.length() <= 100 ? commandLine : commandLine.substring(0, 97) + "...";
    }
  }
}
