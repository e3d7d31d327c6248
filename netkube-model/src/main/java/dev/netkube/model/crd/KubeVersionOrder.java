package dev.netkube.model.crd;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * apimachinery's CompareKubeAwareVersionStrings: GA above beta above alpha, then by major and
 * minor number; names that are not kube versions sort below, in reverse lexical order.
 * {@link #HIGHEST_FIRST} is the order discovery lists a group's versions in (first = preferred).
 */
public final class KubeVersionOrder {
  private static final Pattern KUBE_VERSION = Pattern.compile("^v(\\d+)(?:(alpha|beta)(\\d+))?$");

  /** Sorts the preferred (highest) version first. */
  public static final Comparator<String> HIGHEST_FIRST = (a, b) -> Integer.signum(compare(b, a));

  private KubeVersionOrder() {}

  /** Positive when {@code v1} has higher priority than {@code v2}. */
  public static int compare(String v1, String v2) {
    if (v1.equals(v2)) return 0;
    Matcher m1 = KUBE_VERSION.matcher(v1);
    Matcher m2 = KUBE_VERSION.matcher(v2);
    boolean ok1 = m1.matches();
    boolean ok2 = m2.matches();
    if (!ok1 && !ok2) return v2.compareTo(v1);
    if (!ok1) return -1;
    if (!ok2) return 1;
    int t1 = type(m1.group(2));
    int t2 = type(m2.group(2));
    if (t1 != t2) return t1 - t2;
    int major = Integer.compare(Integer.parseInt(m1.group(1)), Integer.parseInt(m2.group(1)));
    if (major != 0) return major;
    return Integer.compare(minor(m1), minor(m2));
  }

  private static int type(String t) {
    return t == null ? 2 : t.equals("beta") ? 1 : 0;
  }

  private static int minor(Matcher m) {
    return m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
  }
}
