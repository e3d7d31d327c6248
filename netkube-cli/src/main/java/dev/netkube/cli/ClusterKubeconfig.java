package dev.netkube.cli;

import dev.netkube.cli.kubeconfig.KubeconfigDocument;
import dev.netkube.cli.kubeconfig.KubeconfigEntry;
import dev.netkube.cli.kubeconfig.KubeconfigFiles;
import dev.netkube.cli.kubeconfig.KubeconfigPaths;
import dev.netkube.cli.kubeconfig.KubeconfigUpdater;
import dev.netkube.cli.server.ClusterCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes netkube's own kubeconfig and merges the "netkube" context into the user's. */
final class ClusterKubeconfig {
  /** The name of netkube's cluster, user and context in kubeconfig files. */
  static final String NAME = "netkube";

  private ClusterKubeconfig() {}

  /** Returns the user's kubeconfig files that changed. */
  static List<Path> write(NetkubeHome home, KubeconfigPaths userPaths, String endpoint, ClusterCredentials credentials)
      throws IOException {
    return prepare(home, userPaths, endpoint, credentials).write();
  }

  /** Works out both now (reading, merging, YAML); {@link Prepared#write()} writes them later. */
  static Prepared prepare(NetkubeHome home, KubeconfigPaths userPaths, String endpoint, ClusterCredentials credentials)
      throws IOException {
    KubeconfigEntry entry = new KubeconfigEntry(NAME, endpoint, credentials.caPem(), credentials.adminCertPem(),
        credentials.adminKeyPem());
    return new Prepared(home.kubeconfig(), KubeconfigFiles.text(KubeconfigDocument.standalone(entry)),
        new KubeconfigUpdater(userPaths).plan(entry));
  }

  /** netkube's own kubeconfig and the merge into the user's, ready to be written. */
  record Prepared(Path ownFile, String ownText, KubeconfigUpdater.Plan merge) {
    /** Writes both; returns the user's kubeconfig files that changed. */
    List<Path> write() throws IOException {
      KubeconfigFiles.writeText(ownFile, ownText);
      return merge.apply().written();
    }
  }
}
