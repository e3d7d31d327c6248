package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test objects: upstream's CronTab example CRD, and the CRDs of the upstream add-on manifests. */
final class Fixtures {
  private Fixtures() {}

  static final String CRONTAB = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: crontabs.stable.example.com
      spec:
        group: stable.example.com
        scope: Namespaced
        names:
          plural: crontabs
          kind: CronTab
          shortNames: [ct]
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    cronSpec:
                      type: string
                      pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                    image:
                      type: string
                    replicas:
                      type: integer
                      minimum: 1
                      maximum: 10
                      default: 1
                    policy:
                      type: string
                      enum: [Allow, Forbid]
                      default: Allow
                    tags:
                      type: array
                      maxItems: 2
                      items:
                        type: string
                        maxLength: 5
                    labels:
                      type: object
                      additionalProperties:
                        type: string
                    raw:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
                    port:
                      x-kubernetes-int-or-string: true
                    note:
                      type: string
                      nullable: true
                  required: [cronSpec]
                status:
                  type: object
                  properties:
                    replicas:
                      type: integer
                    labelSelector:
                      type: string
          subresources:
            status: {}
            scale:
              specReplicasPath: .spec.replicas
              statusReplicasPath: .status.replicas
              labelSelectorPath: .status.labelSelector
          additionalPrinterColumns:
          - name: Spec
            type: string
            jsonPath: .spec.cronSpec
          - name: Image
            type: string
            jsonPath: .spec.image
          - name: Replicas
            type: integer
            jsonPath: .spec.replicas
          - name: Age
            type: date
            jsonPath: .metadata.creationTimestamp
      """;

  static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) Json.parseYaml(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode crontabCrd() {
    ObjectNode crd = yaml(CRONTAB);
    CrdDefaults.apply(crd);
    return crd;
  }

  /** shared/upstream beside the checkout (walking up from the working directory). */
  static Path upstreamDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("upstream");
      if (Files.isDirectory(candidate)) return candidate;
    }
    throw new IllegalStateException("shared/upstream not found above " + Path.of("").toAbsolutePath());
  }

  /** Every CustomResourceDefinition in shared/upstream/*.yaml, as parsed from the multi-document files. */
  static List<ObjectNode> upstreamCrds() {
    List<ObjectNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(upstreamDir())) {
      for (Path f : files.filter(x -> x.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs = Json.YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
          while (docs.hasNext()) {
            JsonNode d = docs.next();
            if (d instanceof ObjectNode o && "CustomResourceDefinition".equals(o.path("kind").asText())) out.add(o);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
