package dev.netkube.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints the path of netkube's own kubeconfig, e.g. for {@code export KUBECONFIG=$(./netkube kubeconfig)}. */
@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
    description = "Print the path of netkube's own kubeconfig file ($NETKUBE_HOME/kubeconfig).")
public final class KubeconfigCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    NetkubeHome home = NetkubeHome.fromEnvironment();
    System.out.println(home.kubeconfig());
    if (!Files.exists(home.kubeconfig())) {
      System.err.println("netkube: " + home.kubeconfig() + " does not exist yet: ./netkube up writes it");
      return 1;
    }
    return 0;
  }
}
