package dev.netkube.model.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The server-side printer of one kind, as kube-apiserver's printers: column definitions and,
 * per object, one row of cells (String, Long/Integer, Boolean). {@code now} makes AGE testable.
 */
public interface TablePrinter {
  List<Column> columns();

  List<Object> cells(ObjectNode object, Instant now);

  /** metav1.TableRowCondition objects for the row (upstream sets "Completed" on finished pods). */
  default List<ObjectNode> conditions(ObjectNode object) { return List.of(); }
}
