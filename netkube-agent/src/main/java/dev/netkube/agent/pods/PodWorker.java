package dev.netkube.agent.pods;

import dev.netkube.agent.probes.ContainerProbes;
import dev.netkube.agent.probes.ProbeTracker;
import dev.netkube.agent.probes.Prober;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pod on this node, as kubelet's pod worker: on every change (the pod updated, a
 * container exited, a back-off over, a probe's verdict) it asks {@link PodActions} what to do,
 * does it through the {@link PodRuntime}, and posts the status {@link PodStatusBuilder} computes
 * when it changed. A pod's work runs on its own {@link SerialExecutor}, so the records need no
 * locks; blocking waits (a container's grace period, a probe) run on the shared pool and report back.
 */
public final class PodWorker {
  private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);

  /** Where the worker's results go: the pod's status, its events, its final deletion. */
  public interface Api {
    void postStatus(Pod pod, PodStatus status);

    void event(Pod pod, Optional<String> container, String type, String reason, String message);

    /** The pod's containers and sandbox are gone: the object may go (kubelet deletes it with grace 0). */
    void finished(Pod pod, boolean stillInApi);
  }

  /** What a worker shares with the others of the agent. */
  public record Shared(PodRuntime runtime, Prober prober, Api api, Clock clock, Executor pool,
      ScheduledExecutorService timers, RestartBackOff backOff, List<String> hostIps) {}

  private final Shared shared;
  private final SerialExecutor serial;
  private final AtomicBoolean kicked = new AtomicBoolean();
  private final Map<String, ContainerRecord> records = new LinkedHashMap<>();
  private final Map<String, PodRuntime.Started> running = new LinkedHashMap<>();
  private final Map<String, ContainerProbes> probes = new LinkedHashMap<>();
  private final Set<String> stopping = new HashSet<>();
  /** Image pulls that failed: when the next may be tried, and the back-off kubelet shows until then. */
  private final Map<String, PullRetry> pullRetries = new LinkedHashMap<>();
  private Pod pod;
  private boolean goneFromApi;
  private PodRuntime.Sandbox sandbox;
  private List<String> podIps = List.of();
  private boolean terminal;
  private PodStatus lastPosted;
  private boolean finished;
  /** The wait before volumes are tried again after a FailedMount. */
  private Duration mountRetry = Duration.ZERO;
  private static final Duration MAX_MOUNT_RETRY = Duration.ofSeconds(8);

  public PodWorker(Pod pod, Shared shared) {
    this.pod = pod;
    this.shared = shared;
    this.serial = new SerialExecutor(shared.pool());
  }

  /** The pod changed (or is new): look again. */
  public void update(Pod latest) {
    serial.execute(() -> {
      pod = latest;
      shared.runtime().podUpdated(latest);
      syncSafely();
    });
  }

  /** The pod is gone from the API without this node having finished it (a forced delete): stop everything now. */
  public void gone() {
    serial.execute(() -> {
      goneFromApi = true;
      syncSafely();
    });
  }

  public boolean finished() { return finished; }

  private void kick() {
    if (kicked.compareAndSet(false, true)) {
      serial.execute(() -> {
        kicked.set(false);
        syncSafely();
      });
    }
  }

  private void kickAt(Instant at) {
    long ms = Math.max(0, Duration.between(shared.clock().instant(), at).toMillis());
    shared.timers().schedule(this::kick, ms, TimeUnit.MILLISECONDS);
  }

  private void syncSafely() {
    if (finished) return;
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("pod {}: sync failed, retrying in 1 s", key(), e);
      kickAt(shared.clock().instant().plusSeconds(1));
    }
  }

  private String key() { return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(); }

  private boolean deleting() { return goneFromApi || pod.getMetadata().getDeletionTimestamp() != null; }

  private PodActions.Shape shape() {
    List<PodPhases.InitContainer> inits = new ArrayList<>();
    for (Container c : pod.getSpec().getInitContainers()) inits.add(new PodPhases.InitContainer(c.getName(), "Always".equals(c.getRestartPolicy())));
    List<String> names = pod.getSpec().getContainers().stream().map(Container::getName).toList();
    return new PodActions.Shape(key() + "#" + pod.getMetadata().getUid(), inits, names,
        pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy(), deleting());
  }

  private void sync() {
    PodActions.Shape shape = shape();
    boolean again = true;
    while (again && !finished) {
      again = false;
      for (PodActions.Action action : PodActions.compute(shape, sandbox != null || terminal, records, shared.backOff(),
          shared.clock().instant())) {
        if (action instanceof PodActions.Action.CreateSandbox) {
          again = createSandbox();
        } else if (action instanceof PodActions.Action.Start s) {
          start(s.container(), shape);
        } else if (action instanceof PodActions.Action.Kill k) {
          kill(k.container(), grace());
        } else if (action instanceof PodActions.Action.BackOff b) {
          backingOff(b);
        } else if (action instanceof PodActions.Action.TearDown) {
          tearDown();
        } else {
          doneForNow(shape);
        }
        if (finished) return;
      }
    }
    postStatus();
  }

  private boolean createSandbox() {
    if (deleting()) return false;
    try {
      shared.runtime().setUpVolumes(pod);
      mountRetry = Duration.ZERO;
    } catch (PodRuntime.VolumeFailure e) {
      for (String m : e.events()) shared.api().event(pod, Optional.empty(), "Warning", "FailedMount", m);
      // kubelet's volume operations back off from 500 ms, doubling; here up to 8 s, so a source made later is seen soon
      mountRetry = mountRetry.isZero() ? Duration.ofMillis(500) : min(mountRetry.multipliedBy(2), MAX_MOUNT_RETRY);
      kickAt(shared.clock().instant().plus(mountRetry));
      return false;
    }
    try {
      sandbox = shared.runtime().createSandbox(pod);
      podIps = sandbox.podIps();
      return true;
    } catch (PodRuntime.SandboxFailure e) {
      shared.api().event(pod, Optional.empty(), "Warning", "FailedCreatePodSandBox", e.getMessage());
      kickAt(shared.clock().instant().plusSeconds(2));
      return false;
    }
  }

  private Container container(String name) {
    for (Container c : pod.getSpec().getInitContainers()) if (c.getName().equals(name)) return c;
    for (Container c : pod.getSpec().getContainers()) if (c.getName().equals(name)) return c;
    throw new IllegalStateException("no container " + name);
  }

  private record PullRetry(Instant at, Duration backOff, PodRuntime.StartFailure.PullBackOff shown) {}

  private void start(String name, PodActions.Shape shape) {
    Container spec = container(name);
    PullRetry retry = pullRetries.get(name);
    if (retry != null && shared.clock().instant().isBefore(retry.at())) {
      showPullBackOff(name, retry);
      return;
    }
    ContainerRecord before = records.getOrDefault(name, ContainerRecord.waiting(name, spec.getImage(), "ContainerCreating"));
    Optional<ContainerRecord.State.Terminated> last = before.state() instanceof ContainerRecord.State.Terminated t
        ? Optional.of(t) : before.lastTermination();
    last.ifPresent(t -> shared.backOff().restarting(shape.podKey() + "/" + name, t.finishedAt()));
    try {
      PodRuntime.Started started = shared.runtime().start(pod, spec, sandbox);
      pullRetries.remove(name);
      running.put(name, started);
      ContainerProbes p = ContainerProbes.of(spec, started.startedAt());
      probes.put(name, p);
      ContainerRecord now = before.startedAgain(started.id(), started.startedAt()).withProbes(p.ready(), p.started());
      if (!started.image().isEmpty()) now = now.withImage(started.image(), started.imageId());
      records.put(name, now);
      shared.api().event(pod, Optional.of(name), "Normal", "Pulled",
          "Container image \"" + spec.getImage() + "\" already present on machine");
      shared.api().event(pod, Optional.of(name), "Normal", "Created", "Created container " + name);
      shared.api().event(pod, Optional.of(name), "Normal", "Started", "Started container " + name);
      started.exit().thenAccept(exit -> serial.execute(() -> {
        exited(name, started, exit);
        syncSafely();
      }));
      scheduleProbes(name, started);
    } catch (PodRuntime.StartFailure e) {
      records.put(name, before.waitingAgain(e.reason(), e.getMessage()));
      if (e.pullBackOff().isPresent()) {
        shared.api().event(pod, Optional.of(name), "Normal", "Pulling", "Pulling image \"" + spec.getImage() + "\"");
      }
      shared.api().event(pod, Optional.of(name), "Warning", "Failed", e.event());
      shared.api().event(pod, Optional.of(name), "Warning", "Failed", "Error: " + e.reason());
      Instant now = shared.clock().instant();
      if (e.pullBackOff().isPresent()) {
        // kubelet's image back-off: 10 s doubling up to 5 min; ImagePullBackOff shows from the next sync on
        Duration next = retry == null ? RestartBackOff.INITIAL : min(retry.backOff().multipliedBy(2), RestartBackOff.MAX);
        pullRetries.put(name, new PullRetry(now.plus(next), next, e.pullBackOff().get()));
        kickAt(now.plusSeconds(1));
        kickAt(now.plus(next));
      } else {
        kickAt(now.plusSeconds(10));
      }
    }
  }

  private void showPullBackOff(String name, PullRetry retry) {
    ContainerRecord r = records.get(name);
    var shown = retry.shown();
    if (r != null && !(r.state() instanceof ContainerRecord.State.Waiting w && w.reason().equals(shown.reason()))) {
      records.put(name, r.waitingAgain(shown.reason(), shown.message()));
      shared.api().event(pod, Optional.of(name), "Normal", "BackOff", shown.event());
      shared.api().event(pod, Optional.of(name), "Warning", "Failed", "Error: " + shown.reason());
    }
  }

  private static Duration min(Duration a, Duration b) { return a.compareTo(b) < 0 ? a : b; }

  private void exited(String name, PodRuntime.Started instance, PodRuntime.Exit exit) {
    stopping.remove(instance.id());
    if (running.get(name) != instance) return;
    running.remove(name);
    probes.remove(name);
    ContainerRecord r = records.get(name);
    if (r != null) {
      records.put(name, r.withState(new ContainerRecord.State.Terminated(exit.code(), exit.reason(), exit.message(),
          instance.startedAt(), exit.finishedAt(), Optional.of(instance.id()))).withProbes(false, false));
    }
  }

  private long grace() {
    if (goneFromApi) return 0;
    return Optional.ofNullable(pod.getMetadata().getDeletionGracePeriodSeconds())
        .orElse(Optional.ofNullable(pod.getSpec().getTerminationGracePeriodSeconds()).orElse(30L));
  }

  private void kill(String name, long graceSeconds) {
    PodRuntime.Started instance = running.get(name);
    if (instance == null || !stopping.add(instance.id())) return;
    shared.api().event(pod, Optional.of(name), "Normal", "Killing", "Stopping container " + name);
    shared.pool().execute(() -> shared.runtime().stop(instance.id(), Duration.ofSeconds(graceSeconds)));
  }

  private void backingOff(PodActions.Action.BackOff b) {
    ContainerRecord r = records.get(b.container());
    if (r != null && !(r.state() instanceof ContainerRecord.State.Waiting w && w.reason().equals("CrashLoopBackOff"))) {
      records.put(b.container(), r.waitingAgain("CrashLoopBackOff", b.message()));
      shared.api().event(pod, Optional.of(b.container()), "Warning", "BackOff", "Back-off restarting failed container "
          + b.container() + " in pod " + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
          + "(" + pod.getMetadata().getUid() + ")");
    }
    kickAt(b.until());
  }

  /** Nothing to start: a deleted pod without a sandbox is finished; a terminal pod gives its network back. */
  private void doneForNow(PodActions.Shape shape) {
    if (deleting()) {
      if (running.isEmpty()) tearDown();
      return;
    }
    if (!running.isEmpty() || sandbox == null) return;
    String phase = PodPhases.phase(shape.initContainers(), shape.containers(), shape.restartPolicy(), records, false);
    if (phase.equals(PodPhases.SUCCEEDED) || phase.equals(PodPhases.FAILED)) {
      terminal = true; // kubelet keeps the terminal pod's IPs in its status but tears the sandbox down
      shared.runtime().removeSandbox(pod);
      sandbox = null;
    }
  }

  private void tearDown() {
    postStatus();
    shared.runtime().removeSandbox(pod);
    sandbox = null;
    finished = true;
    shared.runtime().forgetPod(pod);
    shared.api().finished(pod, !goneFromApi);
  }

  private void postStatus() {
    if (goneFromApi) return;
    // the last status posted is what the API has now (the informer's copy may lag and is never changed)
    Pod current = lastPosted == null ? pod : new io.fabric8.kubernetes.api.model.PodBuilder(pod).withStatus(lastPosted).build();
    PodStatus next = PodStatusBuilder.build(current, new PodStatusBuilder.Observed(sandbox != null, podIps,
        shared.hostIps(), records, terminal), shared.clock().instant());
    if (next.equals(lastPosted)) return;
    shared.api().postStatus(pod, next);
    lastPosted = next;
  }

  // --- probes -------------------------------------------------------------------------------

  private void scheduleProbes(String name, PodRuntime.Started instance) {
    ContainerProbes p = probes.get(name);
    if (p == null) return;
    for (ContainerProbes.Entry e : p.active()) {
      kickProbe(name, instance, e, e.tracker().nextRun());
    }
  }

  private void kickProbe(String name, PodRuntime.Started instance, ContainerProbes.Entry e, Instant at) {
    long ms = Math.max(0, Duration.between(shared.clock().instant(), at).toMillis());
    shared.timers().schedule(() -> shared.pool().execute(() -> {
      if (running.get(name) != instance || finished) return; // a racy read is fine: results are checked again below
      ProbeTracker.Result result = shared.prober().run(e.probe(), container(name), instance.id(),
          podIps.isEmpty() ? "127.0.0.1" : podIps.get(0), e.tracker().timeout());
      serial.execute(() -> probed(name, instance, e, result));
    }), ms, TimeUnit.MILLISECONDS);
  }

  private void probed(String name, PodRuntime.Started instance, ContainerProbes.Entry e, ProbeTracker.Result result) {
    if (running.get(name) != instance || finished || stopping.contains(instance.id())) return;
    ContainerProbes p = probes.get(name);
    boolean wasStarted = p.started();
    ProbeTracker.Verdict v = e.tracker().record(result, shared.clock().instant());
    v.failureMessage().ifPresent(m -> shared.api().event(pod, Optional.of(name), "Warning", "Unhealthy", e.tracker().eventMessage(m)));
    ContainerRecord r = records.get(name);
    records.put(name, r.withProbes(p.ready(), p.started()));
    ProbeTracker.Kind kind = e.tracker().kind();
    if (!v.passing() && kind != ProbeTracker.Kind.READINESS) {
      shared.api().event(pod, Optional.of(name), "Normal", "Killing", ProbeTracker.killMessage(kind, name));
      stopping.add(instance.id());
      long grace = Optional.ofNullable(e.probe().getTerminationGracePeriodSeconds()).orElse(grace());
      shared.pool().execute(() -> shared.runtime().stop(instance.id(), Duration.ofSeconds(grace)));
    } else if (kind == ProbeTracker.Kind.STARTUP && !wasStarted && p.started()) {
      scheduleProbes(name, instance); // liveness and readiness begin once the startup probe passed
    } else if (!(kind == ProbeTracker.Kind.STARTUP && p.started())) {
      kickProbe(name, instance, e, e.tracker().nextRun());
    }
    if (v.changed()) syncSafely();
  }
}
