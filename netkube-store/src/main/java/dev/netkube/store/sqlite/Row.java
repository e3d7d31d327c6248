package dev.netkube.store.sqlite;

import dev.netkube.store.KeyValue;
import dev.netkube.store.WatchEvent;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of the kv table: one write. {@code id} is the write's revision; a create row stores
 * create_revision 0 because its own id is not known before the insert (see {@link #COLUMNS}).
 * A deletion row stores the deleted value in old_value.
 */
record Row(String name, long id, long createRevision, boolean created, boolean deleted, long prevRevision,
    byte[] value, byte[] oldValue) {

  static final String COLUMNS =
      "name, id, CASE WHEN created = 1 THEN id ELSE create_revision END, created, deleted, prev_revision, value, old_value";

  static Row read(ResultSet rs) throws SQLException {
    return new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4) == 1, rs.getInt(5) == 1,
        rs.getLong(6), bytes(rs.getBytes(7)), rs.getBytes(8));
  }

  /** The key's value after this write (for a deletion: the deleted value at the deletion's revision). */
  KeyValue keyValue() {
    return new KeyValue(name, deleted ? oldValue : value, createRevision, id);
  }

  /** The key's value before this write, if the write replaced one. */
  KeyValue previous() {
    return new KeyValue(name, oldValue, createRevision, prevRevision);
  }

  WatchEvent event() {
    if (created) {
      return new WatchEvent(WatchEvent.Type.CREATED, keyValue(), null);
    }
    return new WatchEvent(deleted ? WatchEvent.Type.DELETED : WatchEvent.Type.UPDATED, keyValue(), previous());
  }

  private static byte[] bytes(byte[] b) {
    return b == null ? new byte[0] : b;
  }
}
