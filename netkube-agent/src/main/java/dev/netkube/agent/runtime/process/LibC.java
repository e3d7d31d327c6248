package dev.netkube.agent.runtime.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * The few libc calls Java lacks, through JNA (which ships its native stub for every common platform, so nothing is
 * compiled on the user's machine): a pseudo-terminal and its window size, and kill(2) with any signal.
 */
interface LibC extends Library {
  LibC INSTANCE = Native.load("c", LibC.class);

  int O_RDWR = 02;
  int O_NOCTTY = 0400;
  int O_CLOEXEC = 02000000;
  /** asm-generic/ioctls.h, the same on x86-64 and arm64. */
  long TIOCSWINSZ = 0x5414;
  int EINTR = 4;
  int EAGAIN = 11;

  int posix_openpt(int flags);

  int open(String path, int flags);

  int grantpt(int fd);

  int unlockpt(int fd);

  String ptsname(int fd);

  int ioctl(int fd, long request, Winsize size);

  int read(int fd, byte[] buf, long count);

  int write(int fd, byte[] buf, long count);

  int close(int fd);

  int kill(int pid, int signal);

  @Structure.FieldOrder({"ws_row", "ws_col", "ws_xpixel", "ws_ypixel"})
  class Winsize extends Structure {
    public short ws_row;
    public short ws_col;
    public short ws_xpixel;
    public short ws_ypixel;
  }
}
