package dev.netkube.agent.streaming;

/**
 * The client side of one exec or attach, whatever carries it (WebSocket channels or SPDY
 * streams). Writes come from pump threads and block while the client reads slowly.
 */
interface CommandTransport {
  enum Output { STDOUT, STDERR }

  void write(Output stream, byte[] data, int length);

  /** No more data on this stream (SPDY: FIN). */
  void endOutput(Output stream);

  /** The error stream's last word. */
  void writeStatus(ExecStatus status);

  /** Flush everything, then close the connection. */
  void finish();

  /** Stop (true) or resume (false) reading the client's input. */
  void pauseInput(boolean pause);
}
