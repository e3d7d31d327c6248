package dev.netkube.agent.runtime.podfiles;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A pod's hostname and domain as kubelet gives them (GeneratePodHostNameAndDomain): {@code spec.hostname} or the
 * pod's name, cut to 63 characters (without a trailing '-' or '.'); with {@code spec.subdomain} the domain
 * {@code <subdomain>.<namespace>.svc.<cluster domain>}. A pod on the host network has the node's hostname.
 */
public final class PodHostname {
  private PodHostname() {}

  public static final int MAX_LENGTH = 63;
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  public sealed interface Result permits Named, Invalid {}

  /** {@code fqdn()} is hostname.domain when there is a domain, else the hostname. */
  public record Named(String hostname, String domain) implements Result {
    public String fqdn() { return domain.isEmpty() ? hostname : hostname + "." + domain; }
  }

  public record Invalid(String message) implements Result {}

  public static Result of(String podName, String namespace, String specHostname, String subdomain, String clusterDomain) {
    String hostname = podName;
    if (!specHostname.isEmpty()) {
      List<String> errors = labelErrors(specHostname);
      if (!errors.isEmpty()) return new Invalid("pod Hostname \"" + specHostname + "\" is not a valid DNS label: " + String.join(";", errors));
      hostname = specHostname;
    }
    if (hostname.length() > MAX_LENGTH) {
      hostname = hostname.substring(0, MAX_LENGTH).replaceAll("[-.]+$", "");
      if (hostname.isEmpty()) return new Invalid("hostname for pod \"" + podName + "\" was invalid: \"" + podName + "\"");
    }
    String domain = "";
    if (!subdomain.isEmpty()) {
      List<String> errors = labelErrors(subdomain);
      if (!errors.isEmpty()) return new Invalid("pod Subdomain \"" + subdomain + "\" is not a valid DNS label: " + String.join(";", errors));
      domain = subdomain + "." + namespace + ".svc." + clusterDomain;
    }
    return new Named(hostname, domain);
  }

  /** apimachinery's IsDNS1123Label messages. */
  static List<String> labelErrors(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > MAX_LENGTH) errors.add("must be no more than 63 characters");
    if (!DNS1123_LABEL.matcher(value).matches()) {
      errors.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
          + "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    }
    return errors;
  }
}
