package dev.netkube.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.agent.probes.NetworkProbes;
import dev.netkube.agent.probes.Prober;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pod worker's stories over an in-memory runtime (this test's double of the container and CNI
 * runtimes, which are tested live in their own packages): containers "run" until the test ends
 * them, exec probes answer what the test says.
 */
class PodWorkerTest {
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
  private final FakeRuntime runtime = new FakeRuntime();
  private final RecordingApi api = new RecordingApi();
  private final PodWorker.Shared shared = new PodWorker.Shared(runtime, new Prober(new NetworkProbes(), runtime), api,
      Clock.systemUTC(), timers, timers, new RestartBackOff(Duration.ofMillis(300), Duration.ofSeconds(2)),
      List.of("192.0.2.2"));

  @AfterEach
  void stop() { timers.shutdownNow(); }

  @Test
  void aPodRunsAndReportsRunningWithItsIpThenCompletesWhenDeleted() {
    Pod pod = pod("web", "Always", c("nginx", "nginx"));
    PodWorker w = new PodWorker(pod, shared);
    w.update(pod);
    await().untilAsserted(() -> assertThat(api.last().getPhase()).isEqualTo("Running"));
    assertThat(api.last().getPodIP()).isEqualTo("10.0.0.5");
    assertThat(api.last().getHostIP()).isEqualTo("192.0.2.2");
    assertThat(condition(api.last(), "Ready")).isEqualTo("True");
    assertThat(api.reasons()).contains("Pulled", "Created", "Started");

    Pod deleting = new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-12-01T00:00:00Z")
        .withDeletionGracePeriodSeconds(5L).endMetadata().build();
    w.update(deleting);
    await().until(() -> api.finished.size() == 1);
    assertThat(runtime.stoppedWith.values()).containsExactly(Duration.ofSeconds(5));
    assertThat(runtime.sandboxes).isEmpty();
    assertThat(api.reasons()).contains("Killing");
  }

  @Test
  void aVolumeThatCannotMountKeepsThePodContainerCreatingWithFailedMountUntilItCan() {
    runtime.missingVolume = "MountVolume.SetUp failed for volume \"config\" : configmap \"app\" not found";
    Pod pod = pod("vol", "Always", c("app", "nginx"));
    new PodWorker(pod, shared).update(pod);
    await().untilAsserted(() -> assertThat(api.events).filteredOn(e -> e[0].equals("FailedMount")).hasSizeGreaterThan(1));
    assertThat(api.messages()).contains(runtime.missingVolume);
    assertThat(runtime.sandboxes).isEmpty();
    assertThat(runtime.started.get()).isZero();
    assertThat(api.last().getPhase()).isEqualTo("Pending");
    assertThat(api.last().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    runtime.missingVolume = "";
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.last().getPhase()).isEqualTo("Running"));
  }

  @Test
  void aCrashingContainerRestartsWithBackOffAndShowsCrashLoopBackOff() {
    runtime.exitAfterStart = id -> new PodRuntime.Exit(1, "Error", "", Instant.now());
    Pod pod = pod("crash", "Always", c("app", "ubuntu"));
    new PodWorker(pod, shared).update(pod);
    await().untilAsserted(() -> {
      ContainerStatus s = api.last().getContainerStatuses().get(0);
      assertThat(s.getState().getWaiting()).isNotNull();
      assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
      assertThat(s.getRestartCount()).isGreaterThanOrEqualTo(1);
      assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    });
    assertThat(api.reasons()).contains("BackOff");
  }

  @Test
  void restartPolicyNeverAndExitZeroIsSucceededAndGivesTheNetworkBack() {
    runtime.exitAfterStart = id -> new PodRuntime.Exit(0, "Completed", "", Instant.now());
    Pod pod = pod("job", "Never", c("task", "ubuntu"));
    new PodWorker(pod, shared).update(pod);
    await().untilAsserted(() -> assertThat(api.last().getPhase()).isEqualTo("Succeeded"));
    assertThat(api.last().getContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(api.last().getPodIP()).isEqualTo("10.0.0.5");
    await().until(() -> runtime.sandboxes.isEmpty());
    assertThat(runtime.started.get()).isEqualTo(1);
  }

  @Test
  void anUnknownImageWaitsInErrImagePullThenImagePullBackOff() {
    Pod pod = pod("bad", "Always", c("app", "no-such-image"));
    new PodWorker(pod, shared).update(pod);
    await().untilAsserted(() -> assertThat(api.statuses).anyMatch(s ->
        "ErrImagePull".equals(s.getContainerStatuses().get(0).getState().getWaiting().getReason())));
    await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(api.last().getContainerStatuses().get(0)
        .getState().getWaiting().getReason()).isEqualTo("ImagePullBackOff"));
    assertThat(api.last().getPhase()).isEqualTo("Pending");
    assertThat(api.messages()).contains("Failed to pull image \"no-such-image\": not found", "Error: ErrImagePull",
        "Back-off pulling image \"no-such-image\"", "Error: ImagePullBackOff");
  }

  @Test
  void aReadinessProbeFlipsTheReadyCondition() {
    Container app = c("app", "nginx");
    app.setReadinessProbe(new io.fabric8.kubernetes.api.model.ProbeBuilder().withNewExec().withCommand("check").endExec()
        .withPeriodSeconds(1).withFailureThreshold(1).build());
    Pod pod = pod("ready", "Always", app);
    new PodWorker(pod, shared).update(pod);
    await().untilAsserted(() -> assertThat(condition(api.last(), "Ready")).isEqualTo("True"));
    runtime.probeExit = 1;
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(condition(api.last(), "Ready")).isEqualTo("False"));
    assertThat(api.last().getPhase()).isEqualTo("Running");
    assertThat(api.reasons()).contains("Unhealthy");
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() {
    runtime.probeExit = 1;
    Container app = c("app", "nginx");
    app.setLivenessProbe(new io.fabric8.kubernetes.api.model.ProbeBuilder().withNewExec().withCommand("check").endExec()
        .withPeriodSeconds(1).withFailureThreshold(1).build());
    Pod pod = pod("live", "Always", app);
    new PodWorker(pod, shared).update(pod);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(api.last().getContainerStatuses().get(0).getRestartCount()).isGreaterThanOrEqualTo(1));
    assertThat(api.messages()).contains("Container app failed liveness probe, will be restarted");
  }

  private static String condition(PodStatus s, String type) {
    return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow().getStatus();
  }

  private static Container c(String name, String image) {
    Container c = new Container();
    c.setName(name);
    c.setImage(image);
    return c;
  }

  private static Pod pod(String name, String restartPolicy, Container... containers) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).endMetadata()
        .withNewSpec().withRestartPolicy(restartPolicy).withContainers(containers).withNodeName("node-1").endSpec().build();
  }

  static final class RecordingApi implements PodWorker.Api {
    final List<PodStatus> statuses = new CopyOnWriteArrayList<>();
    final List<String[]> events = new CopyOnWriteArrayList<>();
    final List<Pod> finished = new CopyOnWriteArrayList<>();

    PodStatus last() {
      assertThat(statuses).isNotEmpty();
      return statuses.get(statuses.size() - 1);
    }

    List<String> reasons() { return events.stream().map(e -> e[0]).toList(); }

    List<String> messages() { return events.stream().map(e -> e[1]).toList(); }

    @Override public void postStatus(Pod pod, PodStatus status) { statuses.add(status); }

    @Override public void event(Pod pod, Optional<String> container, String type, String reason, String message) {
      events.add(new String[] {reason, message});
    }

    @Override public void finished(Pod pod, boolean stillInApi) { finished.add(pod); }
  }

  static final class FakeRuntime implements PodRuntime {
    final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<Exit>> exits = new ConcurrentHashMap<>();
    final Map<String, Duration> stoppedWith = new ConcurrentHashMap<>();
    final AtomicInteger started = new AtomicInteger();
    volatile Function<String, Exit> exitAfterStart;
    volatile int probeExit;
    volatile String missingVolume = "";

    @Override public void setUpVolumes(Pod pod) throws VolumeFailure {
      if (!missingVolume.isEmpty()) throw new VolumeFailure(List.of(missingVolume));
    }

    @Override public Sandbox createSandbox(Pod pod) {
      Sandbox s = new Sandbox(Optional.of(Path.of("/run/netns/test")), List.of("10.0.0.5"));
      sandboxes.put(pod.getMetadata().getUid(), s);
      return s;
    }

    @Override public void removeSandbox(Pod pod) { sandboxes.remove(pod.getMetadata().getUid()); }

    @Override public Started start(Pod pod, Container container, Sandbox sandbox) throws StartFailure {
      if (container.getImage().startsWith("no-such")) {
        throw new StartFailure("ErrImagePull", "not found", "Failed to pull image \"" + container.getImage() + "\": not found",
            Optional.of(new StartFailure.PullBackOff("ImagePullBackOff", "Back-off pulling image \"" + container.getImage()
                + "\": not found", "Back-off pulling image \"" + container.getImage() + "\"")));
      }
      String id = "c" + started.incrementAndGet();
      CompletableFuture<Exit> exit = new CompletableFuture<>();
      exits.put(id, exit);
      Instant at = Instant.now();
      if (exitAfterStart != null) {
        timers().schedule(() -> exit.complete(exitAfterStart.apply(id)), 50, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      return new Started() {
        @Override public String id() { return id; }
        @Override public Instant startedAt() { return at; }
        @Override public CompletableFuture<Exit> exit() { return exit; }
      };
    }

    private static final ScheduledExecutorService EXITS = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fake-exits");
      t.setDaemon(true);
      return t;
    });

    private static ScheduledExecutorService timers() { return EXITS; }

    @Override public void stop(String containerId, Duration grace) {
      stoppedWith.put(containerId, grace);
      exits.get(containerId).complete(new Exit(137, "Error", "", Instant.now()));
    }

    @Override public Outcome exec(String containerId, List<String> command, Duration timeout) {
      return new Outcome(probeExit, probeExit == 0 ? "" : "not ready");
    }
  }
}
