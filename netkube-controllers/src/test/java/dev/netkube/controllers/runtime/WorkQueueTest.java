package dev.netkube.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final WorkQueue queue = new WorkQueue("test");

  @AfterEach
  void shutDown() { queue.shutDown(); }

  @Test
  void aKeyAddedTwiceIsQueuedOnce() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assertThat(queue.length()).isEqualTo(2);
    assertThat(queue.take()).contains("a");
    assertThat(queue.take()).contains("b");
  }

  @Test
  void aKeyAddedWhileProcessedIsProcessedAgainAfterDoneNotConcurrently() throws Exception {
    queue.add("a");
    assertThat(queue.take()).contains("a");
    queue.add("a");
    assertThat(queue.length()).as("not handed to a second worker while the first holds it").isZero();
    queue.done("a");
    assertThat(queue.length()).isEqualTo(1);
    assertThat(queue.take()).contains("a");
  }

  @Test
  void delayedKeysArriveAfterTheirDelay() throws Exception {
    long t0 = System.nanoTime();
    queue.addAfter("later", Duration.ofMillis(100));
    assertThat(queue.length()).isZero();
    assertThat(queue.take()).contains("later");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(95));
  }

  @Test
  void failuresBackOffUntilForgotten() throws Exception {
    queue.addRateLimited("x");
    queue.addRateLimited("x");
    assertThat(queue.failures("x")).isEqualTo(2);
    assertThat(queue.take()).contains("x");
    queue.forget("x");
    assertThat(queue.failures("x")).isZero();
  }

  @Test
  void takeReturnsEmptyOnceShutDown() throws Exception {
    queue.shutDown();
    Optional<String> next = queue.take();
    assertThat(next).isEmpty();
  }
}
