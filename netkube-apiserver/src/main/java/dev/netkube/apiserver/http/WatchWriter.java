package dev.netkube.apiserver.http;

/** The streaming side of one HTTP response: a chunked body of newline-delimited JSON events. */
public interface WatchWriter {
  /** Sends the 200 header; call once before events. */
  void begin(String contentType);

  /** Sends one event (a JSON document plus newline). Returns false when the client is gone. */
  boolean send(byte[] json);

  /** Ends the response. Idempotent. */
  void end();

  /** Runs when the client goes away or the response ends. */
  void onClose(Runnable action);
}
