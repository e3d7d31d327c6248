package dev.netkube.agent.images;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference normalized as Docker (distribution/reference's ParseNormalizedNamed) and containerd do:
 * {@code nginx} is {@code docker.io/library/nginx:latest}, {@code hashicorp/http-echo} is
 * {@code docker.io/hashicorp/http-echo:latest}; a first component with a dot or a colon, or {@code localhost}, is a
 * registry host ({@code registry.k8s.io/coredns/coredns:v1.11.1}, {@code localhost:5000/app}); {@code index.docker.io}
 * is {@code docker.io}. A digest ({@code @sha256:...}) may follow a tag; without both, the tag is {@code latest}.
 */
public record ImageReference(String domain, String path, Optional<String> tag, Optional<String> digest) {
  public static final String DOCKER_HUB = "docker.io";

  /** Parse outcome: a reference, or kubelet's InvalidImageName message. */
  public sealed interface Parsed permits Valid, Invalid {}

  public record Valid(ImageReference reference) implements Parsed {}

  /** {@code message} is kubelet's: {@code Failed to apply default image tag "X": couldn't parse image name "X": ...}. */
  public record Invalid(String image, String reason, String message) implements Parsed {}

  // distribution/reference's grammar (regexp.go).
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
  private static final String HOST = "(?:" + DOMAIN_NAME + "|\\[(?:[a-fA-F0-9:]+)\\])";
  private static final String DOMAIN = HOST + "(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
  private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final Pattern REFERENCE = Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
  private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");
  private static final int NAME_MAX = 255;

  public static Parsed parse(String image) {
    Optional<String> error = check(image);
    if (error.isPresent()) {
      String inner = "couldn't parse image name \"" + image + "\": " + error.get();
      return new Invalid(image, "InvalidImageName", "Failed to apply default image tag \"" + image + "\": " + inner);
    }
    String[] split = splitDomain(image);
    Matcher m = REFERENCE.matcher(split[0] + "/" + split[1]);
    if (!m.matches()) throw new IllegalStateException("checked reference no longer matches: " + image);
    String name = m.group(1);
    int slash = name.indexOf('/');
    return new Valid(new ImageReference(name.substring(0, slash), name.substring(slash + 1),
        Optional.ofNullable(m.group(2)), Optional.ofNullable(m.group(3))));
  }

  /** Parse or throw: for references written in code. */
  public static ImageReference of(String image) {
    Parsed p = parse(image);
    if (p instanceof Valid v) return v.reference();
    throw new IllegalArgumentException(((Invalid) p).message());
  }

  private static Optional<String> check(String image) {
    if (IDENTIFIER.matcher(image).matches()) {
      return Optional.of("invalid repository name (" + image + "), cannot specify 64-byte hexadecimal strings");
    }
    String[] split = splitDomain(image);
    String remainder = split[1];
    int tagSep = remainder.indexOf(':');
    String remoteName = tagSep >= 0 ? remainder.substring(0, tagSep) : remainder;
    if (!remoteName.toLowerCase(java.util.Locale.ROOT).equals(remoteName)) {
      return Optional.of("invalid reference format: repository name (" + remoteName + ") must be lowercase");
    }
    String full = split[0] + "/" + remainder;
    Matcher m = REFERENCE.matcher(full);
    if (!m.matches()) {
      if (full.isEmpty()) return Optional.of("repository name must have at least one component");
      if (REFERENCE.matcher(full.toLowerCase(java.util.Locale.ROOT)).matches()) return Optional.of("repository name must be lowercase");
      return Optional.of("invalid reference format");
    }
    if (m.group(1).length() > NAME_MAX) return Optional.of("repository name must not be more than 255 characters");
    if (m.group(3) != null) return checkDigest(m.group(3));
    return Optional.empty();
  }

  // opencontainers/go-digest's Validate for the algorithms containerd registers.
  private static Optional<String> checkDigest(String digest) {
    int colon = digest.indexOf(':');
    String algorithm = digest.substring(0, colon);
    int hexLength = digest.length() - colon - 1;
    int want = switch (algorithm) {
      case "sha256" -> 64;
      case "sha384" -> 96;
      case "sha512" -> 128;
      default -> -1;
    };
    if (want < 0) return Optional.of("unsupported digest algorithm");
    if (hexLength != want) return Optional.of("invalid checksum digest length");
    if (!digest.substring(colon + 1).matches("[a-f0-9]+")) return Optional.of("invalid checksum digest format");
    return Optional.empty();
  }

  // splitDockerDomain
  private static String[] splitDomain(String name) {
    String domain;
    String remainder;
    int i = name.indexOf('/');
    if (i < 0 || (!containsAny(name.substring(0, i), ".:") && !name.substring(0, i).equals("localhost")
        && name.substring(0, i).toLowerCase(java.util.Locale.ROOT).equals(name.substring(0, i)))) {
      domain = DOCKER_HUB;
      remainder = name;
    } else {
      domain = name.substring(0, i);
      remainder = name.substring(i + 1);
    }
    if (domain.equals("index.docker.io")) domain = DOCKER_HUB;
    if (domain.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) remainder = "library/" + remainder;
    return new String[] {domain, remainder};
  }

  private static boolean containsAny(String s, String chars) {
    for (char c : chars.toCharArray()) if (s.indexOf(c) >= 0) return true;
    return false;
  }

  /** {@code docker.io/library/nginx}: the name without tag or digest. */
  public String repository() { return domain + "/" + path; }

  /** The tag, {@code latest} when neither tag nor digest was given. */
  public String tagOrLatest() { return tag.orElse(digest.isPresent() ? "" : "latest"); }

  /** The fully qualified reference as containerd names it: {@code docker.io/library/nginx:latest}. */
  public String canonical() {
    StringBuilder s = new StringBuilder(repository());
    if (tag.isPresent()) s.append(':').append(tag.get());
    else if (digest.isEmpty()) s.append(":latest");
    digest.ifPresent(d -> s.append('@').append(d));
    return s.toString();
  }

  /** The short name Docker prints: {@code nginx}, {@code hashicorp/http-echo}, {@code registry.k8s.io/pause}. */
  public String familiarName() {
    if (domain.equals(DOCKER_HUB)) return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    return repository();
  }
}
