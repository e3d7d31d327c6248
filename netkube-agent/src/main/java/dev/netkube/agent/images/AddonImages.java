package dev.netkube.agent.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The images of the add-ons' upstream manifests, mapped to netkube's own roles: each image's binary becomes
 * {@code <launcher> <role>} with the container's arguments after it, so that the manifests apply unchanged.
 *
 * <pre>
 * registry.k8s.io/coredns/coredns               /coredns                  -> dns
 * registry.k8s.io/kube-proxy                    /usr/local/bin/kube-proxy -> proxy
 * registry.k8s.io/ingress-nginx/controller      /nginx-ingress-controller -> ingress   (behind dumb-init --)
 *                                               /wait-shutdown            -> ingress wait-shutdown (its preStop hook)
 * registry.k8s.io/ingress-nginx/kube-webhook-certgen  /kube-webhook-certgen -> certgen
 * quay.io/metallb/controller                    /controller               -> lb-controller
 * quay.io/metallb/speaker                       /speaker                  -> speaker
 * </pre>
 */
public final class AddonImages {
  private AddonImages() {}

  /**
   * How the node starts one of netkube's roles: the argv before the role's name (e.g. the path of ./netkube), or
   * for a role named in {@code argvByRole} its own (a long-lived hot role such as dns wants other JVM flags).
   */
  public record Launcher(List<String> argv, Map<String, List<String>> argvByRole) {
    public Launcher {
      argv = List.copyOf(argv);
      argvByRole = Map.copyOf(argvByRole);
      if (argv.isEmpty() || argvByRole.values().stream().anyMatch(List::isEmpty)) {
        throw new IllegalArgumentException("a launcher needs a command");
      }
    }

    public Launcher(List<String> argv) { this(argv, Map.of()); }

    public List<String> role(String... words) {
      List<String> out = new ArrayList<>(words.length == 0 ? argv : argvByRole.getOrDefault(words[0], argv));
      out.addAll(List.of(words));
      return out;
    }
  }

  static List<CatalogEntry> entries(Launcher launcher) {
    List<CatalogEntry> out = new ArrayList<>();
    out.add(role("registry.k8s.io/coredns/coredns", List.of("/coredns"), List.of(), "", Map.of("/coredns", launcher.role("dns"))));
    out.add(role("registry.k8s.io/kube-proxy", List.of("/usr/local/bin/kube-proxy"), List.of(), "",
        Map.of("/usr/local/bin/kube-proxy", launcher.role("proxy"))));
    CatalogEntry controller = role("registry.k8s.io/ingress-nginx/controller", List.of("/usr/bin/dumb-init", "--"),
        List.of("/nginx-ingress-controller"), "/etc/nginx", Map.of(
            "/nginx-ingress-controller", launcher.role("ingress"),
            "/wait-shutdown", launcher.role("ingress", "wait-shutdown")));
    Map<String, ImageProgram> withInit = new java.util.HashMap<>(controller.programs());
    withInit.put("/usr/bin/dumb-init", AddonImages::dumbInit);
    out.add(controller.withPrograms(withInit));
    out.add(role("registry.k8s.io/ingress-nginx/kube-webhook-certgen", List.of("/kube-webhook-certgen"), List.of(), "",
        Map.of("/kube-webhook-certgen", launcher.role("certgen"))));
    CatalogEntry lbController = role("quay.io/metallb/controller", List.of("/controller"), List.of(), "",
        Map.of("/controller", launcher.role("lb-controller")));
    CatalogEntry speaker = role("quay.io/metallb/speaker", List.of("/speaker"), List.of(), "",
        Map.of("/speaker", launcher.role("speaker")));
    out.add(lbController);
    out.add(lbController.as("metallb/controller"));
    out.add(speaker);
    out.add(speaker.as("metallb/speaker"));
    return out;
  }

  private static CatalogEntry role(String image, List<String> entrypoint, List<String> cmd, String workingDir,
                                   Map<String, List<String>> programs) {
    Map<String, ImageProgram> mapped = new java.util.HashMap<>();
    programs.forEach((binary, argv) -> mapped.put(binary, ImageProgram.replacedBy(argv)));
    return CatalogEntry.builtIn(image, ImageConfig.of(entrypoint, cmd).withWorkingDir(workingDir)).withPrograms(mapped);
  }

  /** dumb-init's options end at {@code --} or at its command; the command is what runs. */
  static ImageProgram.ProgramLaunch dumbInit(List<String> argv, Map<String, String> env) {
    int i = 1;
    while (i < argv.size() && argv.get(i).startsWith("-")) {
      if (argv.get(i).equals("--")) {
        i++;
        break;
      }
      i++;
    }
    return ImageProgram.ProgramLaunch.of(argv.subList(i, argv.size()));
  }
}
