package dev.netkube.store.sqlite;

import dev.netkube.store.Store;
import dev.netkube.store.StoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreContractTest extends StoreContractTest {
  @TempDir Path dir;

  @Override
  protected Store openStore() {
    return SqliteStore.open(dir.resolve("state.db"));
  }
}
