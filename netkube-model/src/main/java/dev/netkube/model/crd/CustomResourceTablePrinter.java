package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.table.Column;
import dev.netkube.model.table.TablePrinter;
import dev.netkube.model.table.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side table of a custom resource version, as upstream's CRD table convertor: a Name
 * column, then the version's additionalPrinterColumns (or, when it has none, an Age column on
 * .metadata.creationTimestamp). Cells: string columns print the JSONPath result as text (maps
 * and lists as JSON), integer → Long, number → Double, boolean → Boolean, date → a human age
 * ("<invalid>" when unparsable), null when the path finds nothing or the value has another type.
 */
public final class CustomResourceTablePrinter implements TablePrinter {
  static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating resources, "
      + "although some resources may allow a client to request the generation of an appropriate name automatically. "
      + "Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. "
      + "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  static final String CREATION_TIMESTAMP_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time "
      + "when this object was created. It is not guaranteed to be set in happens-before order across separate "
      + "operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
      + "Populated by the system. Read-only. Null for lists. More info: "
      + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  private final List<Column> columns;
  private final List<SimpleJsonPath> paths;

  private CustomResourceTablePrinter(List<Column> columns, List<SimpleJsonPath> paths) {
    this.columns = columns;
    this.paths = paths;
  }

  /** The printer of {@code version} of {@code crd}; an unknown version gets the default columns. */
  public static CustomResourceTablePrinter forVersion(ObjectNode crd, String version) {
    List<Column> cols = new ArrayList<>();
    List<SimpleJsonPath> paths = new ArrayList<>();
    cols.add(new Column("Name", "string", "name", NAME_DESCRIPTION, 0));
    JsonNode defs = new CrdSpec(crd).version(version).map(v -> v.path("additionalPrinterColumns"))
        .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    if (!defs.isArray() || defs.isEmpty()) {
      cols.add(new Column("Age", "date", "", CREATION_TIMESTAMP_DESCRIPTION, 0));
      paths.add(SimpleJsonPath.parse(".metadata.creationTimestamp"));
    } else {
      for (JsonNode d : defs) {
        String path = d.path("jsonPath").asText("");
        String description = d.path("description").asText("");
        if (description.isEmpty()) description = "Custom resource definition column (in JSONPath format): " + path;
        cols.add(new Column(d.path("name").asText(""), d.path("type").asText(""), d.path("format").asText(""),
            description, d.path("priority").asInt(0)));
        paths.add(parseOrNothing(path));
      }
    }
    return new CustomResourceTablePrinter(List.copyOf(cols), List.copyOf(paths));
  }

  @Override
  public List<Column> columns() { return columns; }

  @Override
  public List<Object> cells(ObjectNode object, Instant now) {
    List<Object> cells = new ArrayList<>();
    cells.add(object.path("metadata").path("name").asText(""));
    for (int i = 0; i < paths.size(); i++) {
      List<JsonNode> found = paths.get(i).evaluate(object);
      cells.add(found.isEmpty() ? null : cell(columns.get(i + 1).type(), found.get(0), now));
    }
    return cells;
  }

  private static Object cell(String type, JsonNode v, Instant now) {
    if (v == null || v.isNull()) return null;
    switch (type) {
      case "string":
        return v.isContainerNode() ? v.toString() : GoText.v(v);
      case "integer":
        return v.isNumber() ? v.longValue() : null;
      case "number":
        return v.isNumber() ? v.doubleValue() : null;
      case "boolean":
        return v.isBoolean() ? v.booleanValue() : null;
      case "date":
        if (!v.isTextual()) return null;
        try {
          Instant t = OffsetDateTime.parse(v.asText()).toInstant();
          if (t.equals(Instant.parse("0001-01-01T00:00:00Z"))) return "<unknown>";
          return HumanDuration.format(Duration.between(t, now));
        } catch (DateTimeParseException e) {
          return "<invalid>";
        }
      default:
        return null;
    }
  }

  private static SimpleJsonPath parseOrNothing(String path) {
    try {
      return SimpleJsonPath.parse(path);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      return SimpleJsonPath.unparsable(path);
    }
  }
}
