package dev.netkube.store.sqlite;

import dev.netkube.store.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM for {@link SqliteCrashTest}: writes forever and prints "ACK key revision" only after
 * each write returned, i.e. after the store acknowledged it as durable.
 */
public final class CrashWriter {
  public static void main(String[] args) {
    SqliteStore store = SqliteStore.open(Path.of(args[0]));
    String round = args[1];
    for (long i = 0; ; i++) {
      String key = "/registry/crash/" + round + "/k" + i;
      KeyValue kv = store.create(key, ("value-" + i).getBytes(StandardCharsets.UTF_8));
      System.out.println("ACK " + key + " " + kv.modRevision());
      System.out.flush();
    }
  }
}
