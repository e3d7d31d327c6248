package dev.netkube.cli.server;

import dev.netkube.apiserver.ApiServerConfig.StoreConfig;
import dev.netkube.cli.FastArgs;
import dev.netkube.cli.NetkubeHome;
import dev.netkube.cli.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --store sqlite|etcd [--etcd-endpoints URL,...]}, shared by {@code up} and {@code server}. */
public final class StoreOptions {
  /** The key prefix netkube's objects live under in etcd, as kube-apiserver's default. */
  public static final String ETCD_PREFIX = "/registry";

  public enum Kind { sqlite, etcd }

  @Option(names = "--store", paramLabel = "sqlite|etcd", defaultValue = "sqlite",
      description = "Where the cluster state lives: sqlite (default, one file under $NETKUBE_HOME/data) or etcd.")
  Kind kind = Kind.sqlite;

  @Option(names = "--etcd-endpoints", paramLabel = "URL", split = ",",
      description = "etcd client URLs for --store etcd (default http://127.0.0.1:2379).")
  List<String> etcdEndpoints = new ArrayList<>();

  /** The option names, for {@link FastArgs}. */
  public static final Set<String> SINGLE_OPTIONS = Set.of("--store");
  public static final Set<String> LIST_OPTIONS = Set.of("--etcd-endpoints");

  public Kind kind() { return kind; }

  /** The options from a {@link FastArgs} parse; empty when picocli should parse them (an unknown store). */
  public static Optional<StoreOptions> from(FastArgs args) {
    StoreOptions options = new StoreOptions();
    String store = args.value("--store").orElse("sqlite");
    if (store.equals("sqlite")) {
      options.kind = Kind.sqlite;
    } else if (store.equals("etcd")) {
      options.kind = Kind.etcd;
    } else {
      return Optional.empty();
    }
    options.etcdEndpoints = new ArrayList<>(args.list("--etcd-endpoints"));
    return Optional.of(options);
  }

  /** The store to configure; errors tell the user how to fix the flags. */
  public StoreConfig toConfig(NetkubeHome home) {
    return switch (kind) {
      case sqlite -> {
        if (!etcdEndpoints.isEmpty()) {
          throw new UserError("--etcd-endpoints is only used with --store etcd",
              "add --store etcd, or drop --etcd-endpoints to keep the default SQLite store");
        }
        yield new StoreConfig.Sqlite(home.dir().resolve("data").resolve("state.db"));
      }
      case etcd -> new StoreConfig.Etcd(etcdEndpoints.isEmpty() ? List.of("http://127.0.0.1:2379") : etcdEndpoints, ETCD_PREFIX);
    };
  }

  /** The same choice as arguments of the {@code server} subcommand. */
  public List<String> toArgs() {
    List<String> args = new ArrayList<>(List.of("--store", kind.name()));
    if (!etcdEndpoints.isEmpty()) args.addAll(List.of("--etcd-endpoints", String.join(",", etcdEndpoints)));
    return args;
  }

  /** One line for people: "sqlite (/root/.netkube/data/state.db)" or "etcd (http://...)". */
  public static String describe(StoreConfig store) {
    if (store instanceof StoreConfig.Etcd etcd) return "etcd (" + String.join(",", etcd.endpoints()) + ")";
    return "sqlite (" + ((StoreConfig.Sqlite) store).file() + ")";
  }

  /** The short name: "sqlite" or "etcd". */
  public static String shortName(StoreConfig store) {
    return store instanceof StoreConfig.Etcd ? "etcd" : "sqlite";
  }
}
