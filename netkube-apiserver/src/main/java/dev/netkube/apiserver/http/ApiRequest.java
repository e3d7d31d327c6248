package dev.netkube.apiserver.http;

import dev.netkube.apiserver.auth.UserInfo;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/** One decoded HTTP request with its authenticated user (null only on anonymous public paths). */
public record ApiRequest(
    String method, String path, Map<String, List<String>> query, HttpHeaders headers, byte[] body, UserInfo user) {

  public String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  public boolean flag(String name) {
    String v = param(name);
    return v.equals("true") || v.equals("1");
  }

  public String header(String name) {
    String v = headers.get(name);
    return v == null ? "" : v;
  }

  /** The media type without parameters, lower case ("application/json"). */
  public String contentType() {
    String ct = header("Content-Type");
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }
}
