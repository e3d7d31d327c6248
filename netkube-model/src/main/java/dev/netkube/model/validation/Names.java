package dev.netkube.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Upstream's string-format checks (apimachinery util/validation): each returns the list of
 * problems, empty when the value is valid, worded exactly as upstream.
 */
public final class Names {
  public static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  public static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  public static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  public static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  public static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  public static final String CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
  public static final String WILDCARD_SUBDOMAIN_FMT = "\\*\\." + DNS1123_SUBDOMAIN_FMT;
  public static final String PERCENT_FMT = "[0-9]+%";

  static final String DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
      + "characters or '-', and must start and end with an alphanumeric character";
  static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  static final String DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters "
      + "or '-', start with an alphabetic character, and end with an alphanumeric character";
  static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must "
      + "start and end with an alphanumeric character";
  static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  static final String CONFIG_MAP_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
  static final String WILDCARD_MSG = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS "
      + "subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an "
      + "alphanumeric character";

  private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
  private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
  private static final Pattern CONFIG_MAP_KEY = Pattern.compile(CONFIG_MAP_KEY_FMT);
  private static final Pattern WILDCARD = Pattern.compile(WILDCARD_SUBDOMAIN_FMT);
  private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");
  private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);

  private Names() {}

  public static List<String> dns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) errs.add(Messages.maxLen(63));
    if (!DNS1123_LABEL.matcher(value).matches()) {
      // A valid subdomain that is not a label can only be failing because of its dots.
      errs.add(DNS1123_SUBDOMAIN.matcher(value).matches() ? "must not contain dots"
          : Messages.regex(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  public static List<String> dns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 253) errs.add(Messages.maxLen(253));
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errs.add(Messages.regex(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  public static List<String> dns1035Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) errs.add(Messages.maxLen(63));
    if (!DNS1035_LABEL.matcher(value).matches()) {
      errs.add(Messages.regex(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
    }
    return errs;
  }

  public static List<String> wildcardDns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 253) errs.add(Messages.maxLen(253));
    if (!WILDCARD.matcher(value).matches()) errs.add(Messages.regex(WILDCARD_MSG, WILDCARD_SUBDOMAIN_FMT, "*.example.com"));
    return errs;
  }

  /** A "qualified name" (label key, annotation key, finalizer): optional DNS subdomain prefix and '/'. */
  public static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errs.add("prefix part " + Messages.empty());
      } else {
        for (String m : dns1123Subdomain(prefix)) errs.add("prefix part " + m);
      }
    } else {
      errs.add("a qualified name " + Messages.regex(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name",
          "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part " + Messages.empty());
    } else if (name.length() > 63) {
      errs.add("name part " + Messages.maxLen(63));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part " + Messages.regex(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  public static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) errs.add(Messages.maxLen(63));
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(Messages.regex(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** A ConfigMap or Secret data key. */
  public static List<String> configMapKey(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 253) errs.add(Messages.maxLen(253));
    if (!CONFIG_MAP_KEY.matcher(value).matches()) {
      errs.add(Messages.regex(CONFIG_MAP_KEY_MSG, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
    }
    if (value.equals(".")) errs.add("must not be '.'");
    else if (value.equals("..")) errs.add("must not be '..'");
    else if (value.startsWith("..")) errs.add("must not start with '..'");
    return errs;
  }

  /** An IANA_SVC_NAME (RFC 6335) as container and service port names must be. */
  public static List<String> portName(String port) {
    List<String> errs = new ArrayList<>();
    if (port.length() > 15) errs.add(Messages.maxLen(15));
    if (!PORT_NAME_CHARS.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!port.chars().anyMatch(c -> c >= 'a' && c <= 'z')) errs.add("must contain at least one letter (a-z)");
    if (port.contains("--")) errs.add("must not contain consecutive hyphens");
    if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  public static List<String> portNumber(long port) {
    return port >= 1 && port <= 65535 ? List.of() : List.of(Messages.inclusiveRange(1, 65535));
  }

  public static List<String> inRange(long value, long min, long max) {
    return value >= min && value <= max ? List.of() : List.of(Messages.inclusiveRange(min, max));
  }

  /**
   * An environment variable name under the RelaxedEnvironmentVariableValidation rule (on by default
   * in 1.32): any printable ASCII except '='.
   */
  public static List<String> envVarName(String value) {
    List<String> errs = new ArrayList<>();
    if (value.isEmpty()) errs.add("environment variable name " + Messages.empty());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 126 || c < 32 || c == '=') {
        errs.add("a valid environment variable name must consist only of printable ASCII characters other than '='");
        break;
      }
    }
    return errs;
  }

  public static List<String> percent(String value) {
    return PERCENT.matcher(value).matches() ? List.of()
        : List.of(Messages.regex("a valid percent string must be a numeric string followed by an ending '%'",
            PERCENT_FMT, "1%", "93%"));
  }

  /** apimachinery's path.IsValidPathSegmentName: what RBAC object names must be. */
  public static List<String> pathSegmentName(String name) {
    if (name.equals(".") || name.equals("..")) return List.of("may not be '" + name + "'");
    List<String> errs = new ArrayList<>();
    if (name.contains("/")) errs.add("may not contain '/'");
    if (name.contains("%")) errs.add("may not contain '%'");
    return errs;
  }

  /** Path segment rule in prefix form (generateName): only the illegal characters matter. */
  public static List<String> pathSegmentPrefix(String name) {
    List<String> errs = new ArrayList<>();
    if (name.contains("/")) errs.add("may not contain '/'");
    if (name.contains("%")) errs.add("may not contain '%'");
    return errs;
  }
}
