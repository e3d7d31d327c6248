package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.GoValues;
import dev.netkube.model.validation.Labels;
import dev.netkube.model.validation.Messages;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** batch/v1 Job and CronJob: defaults, the Job's generated selector, and batch validation. */
public final class JobStrategies {
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String JOB_NAME = "batch.kubernetes.io/job-name";
  private static final Path SPEC = Path.of("spec");
  private static final List<String> JOB_RESTART = List.of("OnFailure", "Never");

  private JobStrategies() {}

  /**
   * Jobs. The selector is generated from metadata.uid (as upstream's PrepareForCreate), so the
   * API server must assign the uid before calling applyDefaults on create.
   */
  public static final ResourceStrategy JOB = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode job) {
      ObjectNode spec = Nodes.objectOrCreate(job, "spec");
      jobSpecDefaults(spec);
      ObjectNode meta = Nodes.objectOrCreate(job, "metadata");
      ObjectNode template = Nodes.objectOrCreate(spec, "template");
      Map<String, String> templateLabels = Nodes.stringMap(Nodes.object(template, "metadata"), "labels");
      if (!templateLabels.isEmpty() && Nodes.stringMap(meta, "labels").isEmpty()) {
        meta.set("labels", template.path("metadata").get("labels").deepCopy());
      }
      generateSelector(job, spec, template);
      PodTemplates.applyDefaults(template);
    }

    @Override
    public void applyUpdateDefaults(ObjectNode job, ObjectNode old) {
      ObjectNode spec = Nodes.objectOrCreate(job, "spec");
      jobSpecDefaults(spec);
      PodTemplates.applyDefaults(Nodes.objectOrCreate(spec, "template"));
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode job) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = Nodes.object(job, "spec");
      if (!spec.path("manualSelector").asBoolean(false)) errs.addAll(generatedSelector(job));
      errs.addAll(validateJobSpec(spec, SPEC, true));
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode job, ObjectNode old) {
      List<FieldError> errs = new ArrayList<>(validateJobSpec(Nodes.object(job, "spec"), SPEC, true));
      JsonNode spec = Nodes.object(job, "spec");
      JsonNode oldSpec = Nodes.object(old, "spec");
      JsonNode selector = Nodes.object(spec, "selector");
      if (!Objects.equals(selector, Nodes.object(oldSpec, "selector"))) {
        errs.add(Errors.invalidRaw(SPEC.child("selector"), selector == null ? "null" : GoValues.labelSelector(selector),
            Messages.FIELD_IMMUTABLE));
      }
      if (!Objects.equals(spec.get("completions"), oldSpec.get("completions"))
          && !"Indexed".equals(Nodes.text(spec, "completionMode"))) {
        errs.add(Errors.invalid(SPEC.child("completions"), Nodes.integer(spec, "completions", 0), Messages.FIELD_IMMUTABLE));
      }
      if (!Objects.equals(spec.get("template"), oldSpec.get("template")) && !spec.path("suspend").asBoolean(false)) {
        errs.add(Errors.invalidRaw(SPEC.child("template"), "core.PodTemplateSpec{...}", Messages.FIELD_IMMUTABLE));
      }
      return errs;
    }
  };

  public static final ResourceStrategy CRON_JOB = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode cj) {
      ObjectNode spec = Nodes.objectOrCreate(cj, "spec");
      if (Nodes.text(spec, "concurrencyPolicy").isEmpty()) spec.put("concurrencyPolicy", "Allow");
      if (!Nodes.has(spec, "suspend")) spec.put("suspend", false);
      if (!Nodes.has(spec, "successfulJobsHistoryLimit")) spec.put("successfulJobsHistoryLimit", 3);
      if (!Nodes.has(spec, "failedJobsHistoryLimit")) spec.put("failedJobsHistoryLimit", 1);
      // Only the pod template inside the job template is defaulted (SetDefaults_Job takes a Job).
      ObjectNode jobSpec = Nodes.objectOrCreate(Nodes.objectOrCreate(spec, "jobTemplate"), "spec");
      PodTemplates.applyDefaults(Nodes.objectOrCreate(jobSpec, "template"));
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode cj) {
      List<FieldError> errs = new ArrayList<>();
      String name = Nodes.text(Nodes.object(cj, "metadata"), "name");
      if (name.length() > 52) errs.add(Errors.invalid(Path.of("metadata", "name"), name, "must be no more than 52 characters"));
      JsonNode spec = Nodes.object(cj, "spec");
      String schedule = Nodes.text(spec, "schedule");
      if (schedule.isEmpty()) {
        errs.add(Errors.required(SPEC.child("schedule")));
      } else {
        if (schedule.contains("TZ")) {
          errs.add(Errors.invalid(SPEC.child("schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        } else {
          String problem = CronSchedule.problem(schedule);
          if (problem != null) errs.add(Errors.invalid(SPEC.child("schedule"), schedule, problem));
        }
      }
      String policy = Nodes.text(spec, "concurrencyPolicy");
      List<String> policies = List.of("Allow", "Forbid", "Replace");
      if (policy.isEmpty()) errs.add(Errors.required(SPEC.child("concurrencyPolicy")));
      else if (!policies.contains(policy)) errs.add(Errors.notSupported(SPEC.child("concurrencyPolicy"), policy, policies));
      Errors.nonNegative(errs, SPEC.child("successfulJobsHistoryLimit"), spec, "successfulJobsHistoryLimit");
      Errors.nonNegative(errs, SPEC.child("failedJobsHistoryLimit"), spec, "failedJobsHistoryLimit");
      Errors.nonNegative(errs, SPEC.child("startingDeadlineSeconds"), spec, "startingDeadlineSeconds");
      JsonNode jobTemplate = Nodes.object(spec, "jobTemplate");
      Path jt = SPEC.child("jobTemplate");
      JsonNode jtMeta = Nodes.object(jobTemplate, "metadata");
      errs.addAll(Labels.validateLabels(Nodes.stringMap(jtMeta, "labels"), jt.child("metadata").child("labels")));
      errs.addAll(Labels.validateAnnotations(Nodes.stringMap(jtMeta, "annotations"), jt.child("metadata").child("annotations")));
      JsonNode jobSpec = Nodes.object(jobTemplate, "spec");
      errs.addAll(validateJobSpec(jobSpec, jt.child("spec"), false));
      if (Nodes.has(jobSpec, "selector")) {
        errs.add(Errors.invalidRaw(jt.child("spec").child("selector"), GoValues.labelSelector(jobSpec.get("selector")),
            "`selector` will be auto-generated"));
      }
      if (jobSpec != null && jobSpec.path("manualSelector").asBoolean(false)) {
        errs.add(FieldError.notSupported(jt.child("spec").child("manualSelector").text(), Boolean.TRUE, List.of("nil", "false")));
      }
      return errs;
    }
  };

  static void jobSpecDefaults(ObjectNode spec) {
    if (!Nodes.has(spec, "completions") && !Nodes.has(spec, "parallelism")) {
      spec.put("completions", 1);
      spec.put("parallelism", 1);
    }
    if (!Nodes.has(spec, "parallelism")) spec.put("parallelism", 1);
    if (!Nodes.has(spec, "backoffLimit")) spec.put("backoffLimit", Nodes.has(spec, "backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
    if (Nodes.text(spec, "completionMode").isEmpty()) spec.put("completionMode", "NonIndexed");
    if (!Nodes.has(spec, "suspend")) spec.put("suspend", false);
    if (Nodes.text(spec, "podReplacementPolicy").isEmpty()) {
      spec.put("podReplacementPolicy", Nodes.has(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
    }
  }

  private static void generateSelector(ObjectNode job, ObjectNode spec, ObjectNode template) {
    if (spec.path("manualSelector").asBoolean(false)) return;
    JsonNode meta = Nodes.object(job, "metadata");
    String uid = Nodes.text(meta, "uid");
    String name = Nodes.text(meta, "name");
    ObjectNode labels = Nodes.objectOrCreate(Nodes.objectOrCreate(template, "metadata"), "labels");
    labels.put(CONTROLLER_UID, uid);
    labels.put(JOB_NAME, name);
    labels.put("controller-uid", uid);
    labels.put("job-name", name);
    if (!Nodes.has(spec, "selector")) spec.putObject("selector").putObject("matchLabels").put(CONTROLLER_UID, uid);
  }

  /** ValidateGeneratedSelector: the uid labels must be on the template and the selector must be the generated one. */
  private static List<FieldError> generatedSelector(ObjectNode job) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode meta = Nodes.object(job, "metadata");
    String uid = Nodes.text(meta, "uid");
    if (uid.isEmpty()) errs.add(Errors.required(Path.of("metadata", "uid")));
    JsonNode spec = Nodes.object(job, "spec");
    JsonNode tmeta = Nodes.object(Nodes.object(spec, "template"), "metadata");
    Map<String, String> labels = Nodes.stringMap(tmeta, "labels");
    Path lp = SPEC.child("template").child("metadata").child("labels");
    for (Map.Entry<String, String> want : Map.of("controller-uid", uid, "job-name", Nodes.text(meta, "name")).entrySet()) {
      String have = labels.get(want.getKey());
      if (have == null) {
        errs.add(Errors.required(lp.key(want.getKey()), "must be '" + want.getValue() + "'"));
      } else if (!have.equals(want.getValue())) {
        errs.add(Errors.invalidRaw(lp.key(want.getKey()), GoValues.stringMap(tmeta, "labels"), "must be '" + want.getValue() + "'"));
      }
    }
    JsonNode selector = Nodes.object(spec, "selector");
    if (selector != null && !Labels.matches(selector, Map.of(CONTROLLER_UID, uid))) {
      errs.add(Errors.invalidRaw(SPEC.child("selector"), GoValues.labelSelector(selector), "`selector` not auto-generated"));
    }
    return errs;
  }

  static List<FieldError> validateJobSpec(JsonNode spec, Path path, boolean withSelector) {
    List<FieldError> errs = new ArrayList<>();
    Errors.nonNegative(errs, path.child("parallelism"), spec, "parallelism");
    Errors.nonNegative(errs, path.child("completions"), spec, "completions");
    Errors.nonNegative(errs, path.child("backoffLimit"), spec, "backoffLimit");
    if (Nodes.has(spec, "activeDeadlineSeconds") && Nodes.integer(spec, "activeDeadlineSeconds", 0) <= 0) {
      errs.add(Errors.invalid(path.child("activeDeadlineSeconds"), Nodes.integer(spec, "activeDeadlineSeconds", 0),
          "must be greater than 0"));
    }
    String mode = Nodes.text(spec, "completionMode");
    if (!mode.isEmpty() && !List.of("Indexed", "NonIndexed").contains(mode)) {
      errs.add(Errors.notSupported(path.child("completionMode"), mode, List.of("Indexed", "NonIndexed")));
    }
    if (mode.equals("Indexed") && !Nodes.has(spec, "completions")) {
      errs.add(Errors.required(path.child("completions"), "when completion mode is Indexed"));
    }
    JsonNode selector = Nodes.object(spec, "selector");
    JsonNode template = Nodes.object(spec, "template");
    if (!withSelector) {
      // A job template's selector is generated when its Job is created.
    } else if (selector == null) {
      errs.add(Errors.required(path.child("selector")));
    } else {
      errs.addAll(Labels.validateSelector(selector, path.child("selector")));
      JsonNode tmeta = Nodes.object(template, "metadata");
      if (!Labels.matches(selector, Nodes.stringMap(tmeta, "labels"))) {
        errs.add(Errors.invalidRaw(path.child("template").child("metadata").child("labels"),
            GoValues.stringMap(tmeta, "labels"), "`selector` does not match template `labels`"));
      }
    }
    errs.addAll(PodTemplates.validate(template, path.child("template")));
    String restart = Nodes.text(Nodes.object(template, "spec"), "restartPolicy");
    if (!JOB_RESTART.contains(restart)) {
      errs.add(Errors.notSupported(path.child("template").child("spec").child("restartPolicy"), restart, JOB_RESTART));
    }
    return errs;
  }
}
