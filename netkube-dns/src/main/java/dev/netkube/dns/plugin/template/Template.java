package dev.netkube.dns.plugin.template;

import dev.netkube.dns.plugin.Fallthrough;
import dev.netkube.dns.plugin.Zones;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One {@code template CLASS TYPE [ZONE...]} block: which queries it takes (zones, class and type, ANY matching any;
 * then the first of its regexes that matches the name) and what it answers.
 */
public record Template(int qclass, int qtype, List<String> zones, List<Pattern> match, List<GoTemplate> answer,
                       List<GoTemplate> additional, List<GoTemplate> authority, int rcode, Fallthrough fallthrough) {
  public Template {
    zones = List.copyOf(zones);
    match = match.isEmpty() ? List.of(Pattern.compile(".*")) : List.copyOf(match);
    answer = List.copyOf(answer);
    additional = List.copyOf(additional);
    authority = List.copyOf(authority);
  }

  /** What matching a query gave: data to execute the templates with, or no match and whether to try the next. */
  sealed interface Outcome {}

  record Matched(TemplateData data) implements Outcome {}

  record NoMatch(boolean through) implements Outcome {}

  Outcome match(Record question, String name, org.xbill.DNS.Message query, String remote) {
    Optional<String> zone = Zones.match(zones, name);
    if (zone.isEmpty()) return new NoMatch(true);
    int qc = question.getDClass();
    int qt = question.getType();
    if (qclass != DClass.ANY && qc != DClass.ANY && qc != qclass) return new NoMatch(true);
    if (qtype != Type.ANY && qt != Type.ANY && qt != qtype) return new NoMatch(true);
    for (Pattern regex : match) {
      Matcher m = regex.matcher(name);
      if (!m.find()) continue;
      List<String> groups = new java.util.ArrayList<>();
      Map<String, String> byName = new HashMap<>();
      for (int i = 0; i <= m.groupCount(); i++) {
        String g = m.group(i) == null ? "" : m.group(i);
        groups.add(g);
        byName.put(Integer.toString(i), g);
      }
      for (String group : groupNames(regex)) {
        String g = m.group(group);
        byName.put(group, g == null ? "" : g);
      }
      String dclass = DClass.string(qc != DClass.ANY ? qc : qclass);
      String type = Type.string(qt != Type.ANY ? qt : qtype);
      return new Matched(new TemplateData(zone.get(), name, regex.pattern(), groups, byName, dclass, type, query, remote));
    }
    return new NoMatch(fallthrough.through(name));
  }

  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  /** The named groups of a pattern, from its source (Pattern.namedGroups is Java 20). */
  private static List<String> groupNames(Pattern regex) {
    List<String> names = new java.util.ArrayList<>();
    Matcher m = NAMED_GROUP.matcher(regex.pattern());
    while (m.find()) names.add(m.group(1));
    return names;
  }
}
