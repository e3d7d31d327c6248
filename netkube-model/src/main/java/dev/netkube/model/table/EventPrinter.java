package dev.netkube.model.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Events, core/v1 and events.k8s.io/v1: both are one internal type upstream, so one printer;
 * only where each version keeps a field differs.
 */
final class EventPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Column.of("Last Seen", "string", Descriptions.EV_LAST),
      Column.of("Type", "string", Descriptions.EV_TYPE),
      Column.of("Reason", "string", Descriptions.EV_REASON),
      Column.of("Object", "string", Descriptions.EV_OBJECT),
      Column.wide("Subobject", "string", Descriptions.EV_SUBOBJECT),
      Column.wide("Source", "string", Descriptions.EV_SOURCE),
      Column.of("Message", "string", Descriptions.EV_MESSAGE),
      Column.wide("First Seen", "string", Descriptions.EV_FIRST),
      Column.wide("Count", "string", Descriptions.EV_COUNT),
      new Column("Name", "string", "name", Descriptions.NAME, 1));

  /** Where each field lives in one API version. */
  private record Fields(String first, String last, String count, String regarding, String message,
      String sourceComponent, String sourceHost, String reportingController) {}

  static final EventPrinter CORE = new EventPrinter(new Fields("firstTimestamp", "lastTimestamp", "count",
      "involvedObject", "message", "source.component", "source.host", "reportingComponent"));
  static final EventPrinter EVENTS_V1 = new EventPrinter(new Fields("deprecatedFirstTimestamp",
      "deprecatedLastTimestamp", "deprecatedCount", "regarding", "note", "deprecatedSource.component",
      "deprecatedSource.host", "reportingController"));

  private final Fields f;

  private EventPrinter(Fields f) { this.f = f; }

  @Override
  public List<Column> columns() { return COLUMNS; }

  @Override
  public List<Object> cells(ObjectNode e, Instant now) {
    String first = Cells.present(e, f.first) ? Cells.since(e, f.first, now) : Cells.since(e, "eventTime", now);
    String last = Cells.present(e, f.last) ? Cells.since(e, f.last, now) : first;
    long count = Cells.integer(e, f.count);
    if (Cells.present(e, "series")) {
      last = Cells.since(e, "series.lastObservedTime", now);
      count = Cells.integer(e, "series.count");
    } else if (count == 0) {
      count = 1; // singleton events of the new API carry no count
    }
    JsonNode ref = e.path(f.regarding);
    String kind = Cells.text(ref, "kind").toLowerCase(Locale.ROOT);
    String name = Cells.text(ref, "name");
    String target = name.isEmpty() ? kind : kind + "/" + name;
    String component = firstNonEmpty(Json.str(e, f.sourceComponent), Json.str(e, f.reportingController));
    String instance = firstNonEmpty(Json.str(e, f.sourceHost), Json.str(e, "reportingInstance"));
    String source = instance.isEmpty() ? component : component + ", " + instance;
    return List.of(last, Json.str(e, "type"), Json.str(e, "reason"), target, Cells.text(ref, "fieldPath"),
        source, Json.str(e, f.message).strip(), first, count, Cells.name(e));
  }

  private static String firstNonEmpty(String a, String b) { return a.isEmpty() ? b : a; }
}
