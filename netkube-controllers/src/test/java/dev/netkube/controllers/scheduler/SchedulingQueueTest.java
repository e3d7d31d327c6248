package dev.netkube.controllers.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final SchedulingQueue q = new SchedulingQueue(now::get);

  private Optional<String> pop() throws InterruptedException { return q.pop(0); }

  @Test
  void priorityThenFirstCome() throws Exception {
    q.add("a", 0);
    q.add("b", 10);
    q.add("c", 0);
    q.add("a", 0); // dedup
    assertThat(List.of(pop().get(), pop().get(), pop().get())).containsExactly("b", "a", "c");
    assertThat(pop()).isEmpty();
  }

  @Test
  void unschedulablePodsWaitForAClusterChangeThenBackOff() throws Exception {
    q.add("p", 0);
    assertThat(pop()).contains("p");
    q.unschedulable("p");
    assertThat(q.sizes()).containsExactly(0, 0, 1);
    assertThat(pop()).isEmpty();
    q.moveAllToActiveOrBackoff(); // within the 1 s back-off: backoffQ
    assertThat(q.sizes()).containsExactly(0, 1, 0);
    assertThat(pop()).isEmpty();
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1001));
    assertThat(pop()).contains("p");
    q.unschedulable("p"); // second attempt: 2 s back-off
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    q.moveAllToActiveOrBackoff();
    assertThat(pop()).isEmpty();
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(pop()).contains("p");
    q.done("p");
    assertThat(q.pendingCount()).isZero();
  }

  @Test
  void aChangeDuringTheAttemptSkipsTheUnschedulableWait() throws Exception {
    q.add("p", 0);
    assertThat(pop()).contains("p");
    q.moveAllToActiveOrBackoff();
    q.unschedulable("p");
    assertThat(q.sizes()).containsExactly(0, 1, 0);
  }

  @Test
  void unschedulablePodsAreRetriedAfterFiveMinutesAnyway() throws Exception {
    q.add("p", 0);
    pop();
    q.unschedulable("p");
    now.addAndGet(TimeUnit.MINUTES.toNanos(5));
    assertThat(pop()).contains("p");
  }

  @Test
  void backoffDoublesUpToTenSeconds() {
    assertThat(SchedulingQueue.backoffOf(1)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    assertThat(SchedulingQueue.backoffOf(3)).isEqualTo(TimeUnit.SECONDS.toNanos(4));
    assertThat(SchedulingQueue.backoffOf(9)).isEqualTo(TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void deletedPodsLeave() throws Exception {
    q.add("p", 0);
    q.delete("p");
    assertThat(pop()).isEmpty();
  }
}
