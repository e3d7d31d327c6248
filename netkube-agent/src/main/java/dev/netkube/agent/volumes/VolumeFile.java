package dev.netkube.agent.volumes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One file of a volume's payload: its bytes and its permission bits (0644 unless the volume says otherwise). */
public record VolumeFile(byte[] data, int mode) {
  public VolumeFile {
    data = data.clone();
  }

  public static VolumeFile text(String s, int mode) { return new VolumeFile(s.getBytes(StandardCharsets.UTF_8), mode); }

  @Override public byte[] data() { return data.clone(); }

  public String text() { return new String(data, StandardCharsets.UTF_8); }

  @Override
  public boolean equals(Object o) {
    return o instanceof VolumeFile f && f.mode == mode && Arrays.equals(f.data, data);
  }

  @Override public int hashCode() { return 31 * Arrays.hashCode(data) + mode; }

  @Override public String toString() { return "VolumeFile[" + data.length + " bytes, mode " + Integer.toOctalString(mode) + "]"; }
}
