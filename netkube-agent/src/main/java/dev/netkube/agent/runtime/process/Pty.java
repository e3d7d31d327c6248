package dev.netkube.agent.runtime.process;

import com.sun.jna.Native;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pseudo-terminal: the agent keeps the master, the container's process gets the slave (by path: the process
 * opens it itself after {@code setsid}, so it becomes its controlling terminal and never the agent's).
 */
public final class Pty implements Closeable {
  private final int master;
  private final String slavePath;
  private int slave;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Pty(int master, String slavePath, int slave) {
    this.master = master;
    this.slavePath = slavePath;
    this.slave = slave;
  }

  public static Pty open() throws IOException {
    LibC c = LibC.INSTANCE;
    int fd = c.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
    if (fd < 0) throw new IOException("posix_openpt failed: errno " + Native.getLastError());
    if (c.grantpt(fd) != 0 || c.unlockpt(fd) != 0) {
      int errno = Native.getLastError();
      c.close(fd);
      throw new IOException("grantpt/unlockpt failed: errno " + errno);
    }
    String path = c.ptsname(fd);
    if (path == null) {
      c.close(fd);
      throw new IOException("ptsname failed");
    }
    // The agent holds the slave open until the process is gone: reading a master whose slave no one has open
    // fails with EIO, which would end the output before the process has even opened its terminal.
    int slave = c.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
    if (slave < 0) {
      c.close(fd);
      throw new IOException("open " + path + " failed: errno " + Native.getLastError());
    }
    return new Pty(fd, path, slave);
  }

  public String slavePath() { return slavePath; }

  /** TIOCSWINSZ on the master: the kernel sends SIGWINCH to the terminal's foreground process group. */
  public void resize(int columns, int rows) throws IOException {
    LibC.Winsize ws = new LibC.Winsize();
    ws.ws_col = (short) columns;
    ws.ws_row = (short) rows;
    if (LibC.INSTANCE.ioctl(master, LibC.TIOCSWINSZ, ws) != 0) throw new IOException("TIOCSWINSZ failed: errno " + Native.getLastError());
  }

  /** What the process writes; ends (EIO from the kernel) once every holder of the slave has closed it. */
  public InputStream output() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        byte[] buf = off == 0 ? b : new byte[len];
        while (true) {
          if (closed.get()) return -1;
          int n = LibC.INSTANCE.read(master, buf, len);
          if (n > 0) {
            if (buf != b) System.arraycopy(buf, 0, b, off, n);
            return n;
          }
          if (n == 0) return -1;
          if (Native.getLastError() != LibC.EINTR) return -1; // EIO: the slave side is gone
        }
      }
    };
  }

  /** The terminal's keyboard. */
  public OutputStream input() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        byte[] rest = Arrays.copyOfRange(b, off, off + len);
        while (rest.length > 0) {
          if (closed.get()) throw new IOException("terminal closed");
          int n = LibC.INSTANCE.write(master, rest, rest.length);
          if (n < 0) {
            if (Native.getLastError() == LibC.EINTR) continue;
            throw new IOException("write to terminal failed: errno " + Native.getLastError());
          }
          rest = Arrays.copyOfRange(rest, n, rest.length);
        }
      }
    };
  }

  /** The process has exited: once its last descendant lets go of the terminal, {@link #output()} ends. */
  public synchronized void releaseSlave() {
    if (slave >= 0) {
      LibC.INSTANCE.close(slave);
      slave = -1;
    }
  }

  @Override
  public void close() {
    releaseSlave();
    if (closed.compareAndSet(false, true)) LibC.INSTANCE.close(master);
  }
}
