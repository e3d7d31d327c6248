package dev.netkube.agent.images;

import java.util.List;
import java.util.Map;

/** What becomes of a container's image: a process to run, or the waiting reason and message the pod shows. */
public sealed interface ImageResolution
    permits ImageResolution.Resolved, ImageResolution.NotFound, ImageResolution.InvalidName, ImageResolution.NoCommand {

  /**
   * @param image {@code containerStatuses[].image}: the normalized reference ({@code docker.io/library/nginx:latest})
   * @param imageId {@code containerStatuses[].imageID} ({@code docker.io/library/nginx@sha256:...}), stable per entry
   */
  record Resolved(ImageReference reference, String image, String imageId, ContainerLaunch launch, CatalogEntry entry)
      implements ImageResolution {
    /** An exec command as the image runs it: its programs apply to exec too ({@code kubectl exec apple -- /http-echo -version}). */
    public List<String> execArgv(List<String> argv, Map<String, String> env) {
      return ImageResolver.applyPrograms(entry, argv, env).argv();
    }
  }

  /**
   * The registry has no such image: reason {@code ErrImagePull} with {@code message}, then, while kubelet backs off,
   * {@code ImagePullBackOff} with {@code backOffMessage}; {@code failedEvent} and {@code backOffEvent} are the
   * events' messages.
   */
  record NotFound(ImageReference reference, String reason, String message, String failedEvent, String backOffReason,
                  String backOffMessage, String backOffEvent) implements ImageResolution {}

  /** The image name does not parse: reason {@code InvalidImageName} (kubelet does not retry until the spec changes). */
  record InvalidName(String reason, String message) implements ImageResolution {}

  /** Neither the image nor the container names a command: {@code CreateContainerError}. */
  record NoCommand(String reason, String message) implements ImageResolution {}
}
