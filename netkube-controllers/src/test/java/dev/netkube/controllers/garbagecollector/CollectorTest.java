package dev.netkube.controllers.garbagecollector;

import static dev.netkube.controllers.garbagecollector.FakeCluster.owner;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Stories of the collector against an in-memory API server (see {@link FakeCluster}). */
class CollectorTest {
  private final FakeCluster cluster = new FakeCluster();

  @Test
  void anOwnerDeletedInTheBackgroundTakesItsDependentsAndTheirs() {
    ObjectInfo deployment = cluster.create("Deployment", "web");
    ObjectInfo rs = cluster.create("ReplicaSet", "web-1", owner(deployment, true));
    ObjectInfo pod1 = cluster.create("Pod", "web-1-a", owner(rs, true));
    ObjectInfo pod2 = cluster.create("Pod", "web-1-b", owner(rs, true));
    ObjectInfo unrelated = cluster.create("Pod", "other");
    assertThat(cluster.drain()).as("nothing to do while owners live").isZero();

    cluster.userDelete(deployment, Propagation.BACKGROUND);
    assertThat(cluster.exists(deployment)).as("background: the owner goes at once").isFalse();
    cluster.drain();

    assertThat(cluster.exists(rs)).isFalse();
    assertThat(cluster.exists(pod1)).isFalse();
    assertThat(cluster.exists(pod2)).isFalse();
    assertThat(cluster.exists(unrelated)).isTrue();
    assertThat(cluster.graph.size()).as("the graph forgets them all").isEqualTo(1);
  }

  @Test
  void aDependentWithAnotherLivingOwnerOnlyLosesTheDanglingReference() {
    ObjectInfo a = cluster.create("ConfigMap", "a");
    ObjectInfo b = cluster.create("ConfigMap", "b");
    ObjectInfo shared = cluster.create("ConfigMap", "shared", owner(a, false), owner(b, false));

    cluster.userDelete(a, Propagation.BACKGROUND);
    cluster.drain();

    assertThat(cluster.exists(shared)).isTrue();
    assertThat(cluster.current(shared).owners()).extracting(OwnerRef::uid).containsExactly(b.uid());

    cluster.userDelete(b, Propagation.BACKGROUND);
    cluster.drain();
    assertThat(cluster.exists(shared)).as("its last owner gone, it goes").isFalse();
  }

  @Test
  void foregroundDeletionKeepsTheOwnerUntilItsBlockingDependentsAreGone() {
    ObjectInfo deployment = cluster.create("Deployment", "web");
    ObjectInfo rs = cluster.create("ReplicaSet", "web-1", owner(deployment, true));
    ObjectInfo pod1 = cluster.create("Pod", "web-1-a", owner(rs, true));
    ObjectInfo pod2 = cluster.create("Pod", "web-1-b", owner(rs, true));
    ObjectInfo note = cluster.create("ConfigMap", "web-note", owner(deployment, false));

    cluster.userDelete(deployment, Propagation.FOREGROUND);
    assertThat(cluster.current(deployment).deletingDependents()).isTrue();
    cluster.drain();

    assertThat(cluster.exists(deployment)).isFalse();
    assertThat(cluster.exists(note)).as("non-blocking dependents are deleted too").isFalse();
    assertThat(cluster.deletionOrder.indexOf("web-1-a")).isLessThan(cluster.deletionOrder.indexOf("web-1"));
    assertThat(cluster.deletionOrder.indexOf("web-1-b")).isLessThan(cluster.deletionOrder.indexOf("web-1"));
    assertThat(cluster.deletionOrder.indexOf("web-1")).isLessThan(cluster.deletionOrder.indexOf("web"));
    assertThat(cluster.deletionOrder).endsWith("web");
    assertThat(cluster.exists(pod1) || cluster.exists(pod2) || cluster.exists(rs)).isFalse();
  }

  @Test
  void foregroundDeletionWaitsForADependentHeldByItsOwnFinalizer() {
    ObjectInfo rs = cluster.create("ReplicaSet", "web-1");
    ObjectInfo pod = cluster.create("Pod", "web-1-a", Set.of("example.com/hold"), owner(rs, true));

    cluster.userDelete(rs, Propagation.FOREGROUND);
    cluster.drain();
    assertThat(cluster.exists(rs)).as("the pod is deleting but still there").isTrue();
    assertThat(cluster.current(pod).deleting()).isTrue();

    cluster.removeFinalizer(pod.ref(), pod.uid(), "example.com/hold"); // its own controller lets go
    cluster.drain();
    assertThat(cluster.exists(pod)).isFalse();
    assertThat(cluster.exists(rs)).isFalse();
  }

  @Test
  void orphanDeletionKeepsTheDependentsWithoutTheReference() {
    ObjectInfo rs = cluster.create("ReplicaSet", "web-1");
    ObjectInfo other = cluster.create("ConfigMap", "other");
    ObjectInfo pod1 = cluster.create("Pod", "web-1-a", owner(rs, true));
    ObjectInfo pod2 = cluster.create("Pod", "web-1-b", owner(rs, true), owner(other, false));

    cluster.userDelete(rs, Propagation.ORPHAN);
    assertThat(cluster.exists(rs)).as("held by the orphan finalizer").isTrue();
    cluster.drain();

    assertThat(cluster.exists(rs)).isFalse();
    assertThat(cluster.exists(pod1)).isTrue();
    assertThat(cluster.current(pod1).owners()).isEmpty();
    assertThat(cluster.current(pod2).owners()).extracting(OwnerRef::uid).containsExactly(other.uid());
  }

  @Test
  void cyclesSettle() {
    ObjectInfo a = cluster.create("ConfigMap", "a");
    ObjectInfo b = cluster.create("ConfigMap", "b", owner(a, true));
    // a is owned by b, b by a
    cluster.objects.put(a.uid(), new ObjectInfo(a.ref(), a.uid(), java.util.List.of(owner(b, true)), false, Set.of()));
    cluster.graph.observe(cluster.current(a));
    assertThat(cluster.drain()).as("both owners live: nothing to do").isLessThan(5);
    assertThat(cluster.exists(a) && cluster.exists(b)).isTrue();

    cluster.userDelete(a, Propagation.FOREGROUND);
    cluster.drain();
    assertThat(cluster.exists(a)).isFalse();
    assertThat(cluster.exists(b)).isFalse();
  }

  @Test
  void aBackgroundCycleSettlesToo() {
    ObjectInfo a = cluster.create("ConfigMap", "a");
    ObjectInfo b = cluster.create("ConfigMap", "b", owner(a, false));
    cluster.objects.put(a.uid(), new ObjectInfo(a.ref(), a.uid(), java.util.List.of(owner(b, false)), false, Set.of()));
    cluster.graph.observe(cluster.current(a));
    cluster.drain();

    cluster.userDelete(b, Propagation.BACKGROUND);
    cluster.drain();
    assertThat(cluster.objects).isEmpty();
  }

  @Test
  void aDependentWhoseOwnerNeverExistedGoes() {
    ObjectInfo ghost = new ObjectInfo(new ObjectRef("apps/v1", "ReplicaSet", "default", "ghost"), "ghost-uid",
        java.util.List.of(), false, Set.of());
    ObjectInfo pod = cluster.create("Pod", "orphaned", owner(ghost, true));
    assertThat(cluster.graph.node("ghost-uid")).get().extracting(Graph.Node::observed).isEqualTo(false);
    cluster.drain();
    assertThat(cluster.exists(pod)).isFalse();
    assertThat(cluster.graph.node("ghost-uid")).isEmpty();
  }

  @Test
  void anOwnerTheInformersHaveNotSeenYetIsCheckedLiveAndKept() {
    cluster.informing = false;
    ObjectInfo rs = cluster.create("ReplicaSet", "web-1");
    cluster.informing = true;
    ObjectInfo pod = cluster.create("Pod", "web-1-a", owner(rs, true));
    cluster.drain();
    assertThat(cluster.exists(pod)).isTrue();
    assertThat(cluster.graph.node(rs.uid())).get().extracting(Graph.Node::observed).isEqualTo(false);
  }

  @Test
  void aStaleGraphNeverDeletesWhatHasALivingOwner() {
    ObjectInfo rs = cluster.create("ReplicaSet", "web-1");
    ObjectInfo pod = cluster.create("Pod", "web-1-a", owner(rs, true));
    // The informer saw the owner go, but it was recreated under the same name: another uid.
    cluster.informing = false;
    cluster.userDelete(rs, Propagation.BACKGROUND);
    ObjectInfo again = cluster.create("ReplicaSet", "web-1");
    cluster.informing = true;
    cluster.graph.remove(rs.uid());
    cluster.drain();
    assertThat(cluster.exists(pod)).as("its owner (by uid) is gone: the namesake is not its owner").isFalse();
    assertThat(cluster.exists(again)).isTrue();
  }
}
