package dev.netkube.agent.images;

/**
 * kubelet's and containerd's wording when an image cannot be pulled (kubelet 1.32 pkg/kubelet/images, containerd
 * 1.7's CRI PullImage for a reference the registry does not know). {@code image} is the image as the pod spec
 * writes it; containerd names the normalized reference.
 */
public final class PullMessages {
  private PullMessages() {}

  public static final String ERR_IMAGE_PULL = "ErrImagePull";
  public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";

  /** The CRI error: {@code state.waiting.message} while the reason is ErrImagePull. */
  public static String notFound(ImageReference ref) {
    String canonical = ref.canonical();
    return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + canonical
        + "\": failed to resolve reference \"" + canonical + "\": " + canonical + ": not found";
  }

  /** The Warning event {@code Failed}. */
  public static String failedEvent(String image, String criError) { return "Failed to pull image \"" + image + "\": " + criError; }

  /** The Normal event {@code Pulling}. */
  public static String pullingEvent(String image) { return "Pulling image \"" + image + "\""; }

  /** The Normal event {@code BackOff}. */
  public static String backOffEvent(String image) { return "Back-off pulling image \"" + image + "\""; }

  /**
   * {@code state.waiting.message} while the reason is ImagePullBackOff: since 1.32 (kubernetes#127918) the back-off
   * message carries the last pull's error after its reason.
   */
  public static String backOffMessage(String image, String criError) {
    return backOffEvent(image) + ": " + ERR_IMAGE_PULL + ": " + criError;
  }
}
