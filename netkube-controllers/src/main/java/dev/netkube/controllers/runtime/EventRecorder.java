package dev.netkube.controllers.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about objects as client-go's recorder does (what {@code kubectl
 * describe} lists): named {@code <object>.<hex nanos>}, in the object's namespace ("default"
 * for cluster-scoped objects), repeats counted (see {@link EventCorrelator}). Writes happen on
 * a background executor: a controller never waits for its events.
 */
public final class EventRecorder {
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final String component;
  private final String host;
  private final Clock clock;
  private final Executor writer;
  private final EventCorrelator correlator = new EventCorrelator();
  private final java.util.concurrent.atomic.AtomicLong lastNanos = new java.util.concurrent.atomic.AtomicLong();

  EventRecorder(KubernetesClient client, String component, String host, Clock clock, Executor writer) {
    this.client = client;
    this.component = component;
    this.host = host;
    this.clock = clock;
    this.writer = writer;
  }

  /** A recorder outside a controller manager (the node agent's kubelet events); writes run on {@code writer}. */
  public static EventRecorder create(KubernetesClient client, String component, String host, Clock clock, Executor writer) {
    return new EventRecorder(client, component, host, clock, writer);
  }

  public void normal(HasMetadata obj, String reason, String message) { record(obj, NORMAL, reason, message); }

  public void warning(HasMetadata obj, String reason, String message) { record(obj, WARNING, reason, message); }

  public void record(HasMetadata obj, String type, String reason, String message) {
    ObjectReference ref = reference(obj);
    writer.execute(() -> write(ref, type, reason, message));
  }

  /** An event about a part of the object, e.g. kubelet's {@code spec.containers{nginx}} of a pod. */
  public void record(HasMetadata obj, String fieldPath, String type, String reason, String message) {
    ObjectReference ref = reference(obj);
    ref.setFieldPath(fieldPath);
    writer.execute(() -> write(ref, type, reason, message));
  }

  private void write(ObjectReference ref, String type, String reason, String message) {
    Instant exact = clock.instant();
    Instant now = exact.truncatedTo(ChronoUnit.SECONDS);
    String objectKey = ref.getKind() + "/" + ref.getNamespace() + "/" + ref.getName() + "/" + ref.getUid()
        + (ref.getFieldPath() == null ? "" : "/" + ref.getFieldPath());
    EventCorrelator.Draft draft = new EventCorrelator.Draft(component, host, objectKey, type, reason, message);
    EventCorrelator.Decision decision = correlator.correlate(draft, now);
    String namespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? "default" : ref.getNamespace();
    try {
      if (decision instanceof EventCorrelator.Update update) {
        try {
          String patch = "{\"count\":" + update.count() + ",\"lastTimestamp\":\"" + format(now) + "\",\"message\":"
              + io.fabric8.kubernetes.client.utils.Serialization.asJson(update.message()) + "}";
          client.v1().events().inNamespace(namespace).withName(update.name())
              .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
          correlator.written(draft, update, update.name(), update.firstTimestamp());
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) throw e;
          correlator.forget(draft, update); // expired: create it anew
          decision = new EventCorrelator.Create(update.message());
        }
      }
      String message1 = ((EventCorrelator.Create) decision).message();
      String name = ref.getName() + "." + Long.toHexString(uniqueNanos(exact));
      Event event = new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withInvolvedObject(ref).withType(type).withReason(reason).withMessage(message1)
          .withNewSource().withComponent(component).withHost(host.isEmpty() ? null : host).endSource()
          .withFirstTimestamp(format(now)).withLastTimestamp(format(now)).withCount(1)
          .withReportingComponent(component).withReportingInstance(host)
          .build();
      client.v1().events().inNamespace(namespace).resource(event).create();
      correlator.written(draft, decision, name, now);
    } catch (KubernetesClientException e) {
      LOG.debug("{}: could not record event {} on {}/{}: {}", component, reason, namespace, ref.getName(), e.getMessage());
    }
  }

  /** Unix nanoseconds as client-go names events, made unique within this recorder. */
  private long uniqueNanos(Instant t) {
    long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
    return lastNanos.updateAndGet(last -> Math.max(last + 1, nanos));
  }

  private static ObjectReference reference(HasMetadata obj) {
    return new ObjectReferenceBuilder()
        .withApiVersion(obj.getApiVersion()).withKind(obj.getKind())
        .withNamespace(obj.getMetadata().getNamespace()).withName(obj.getMetadata().getName())
        .withUid(obj.getMetadata().getUid()).withResourceVersion(obj.getMetadata().getResourceVersion())
        .build();
  }

  private static String format(Instant t) { return DateTimeFormatter.ISO_INSTANT.format(t); }
}
