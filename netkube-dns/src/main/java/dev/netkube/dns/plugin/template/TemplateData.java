package dev.netkube.dns.plugin.template;

import java.util.List;
import java.util.Map;
import org.xbill.DNS.Message;

/** What a template sees, CoreDNS's templateData: {@code .Zone .Name .Regex .Match .Group .Class .Type .Message .Question .Remote}. */
record TemplateData(String zone, String name, String regex, List<String> match, Map<String, String> group,
                    String dclass, String type, Message message, String remote) {
  TemplateData {
    match = List.copyOf(match);
    group = Map.copyOf(group);
  }
}
