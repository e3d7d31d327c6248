package dev.netkube.dns.testing;

import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.PluginRegistry;
import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.server.CorefileLoader;
import dev.netkube.dns.server.Generation;
import dev.netkube.dns.server.ServerServices;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** A Corefile loaded and started in the JVM, queried through the real chain as wire bytes, without sockets. */
public final class InJvmServer implements AutoCloseable {
  public final DnsMetrics metrics = new DnsMetrics();
  public final List<String> log = new CopyOnWriteArrayList<>();
  public final List<String> halts = new CopyOnWriteArrayList<>();
  private final Generation generation;

  public InJvmServer(String corefile, ClusterSource cluster) throws Exception {
    ServerServices services = new ServerServices(metrics, log::add, Clock.systemUTC(), config -> cluster, halts::add);
    CorefileLoader loader = new CorefileLoader(PluginRegistry.standard(), k -> null, ImportSource.NONE, 53);
    generation = Generation.start(loader.load("Corefile", corefile), services);
  }

  public Message ask(String name, int type) throws Exception { return ask(name, type, "udp"); }

  public Message ask(String name, int type, String protocol) throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
    return new Message(generation.handle(53, q.toWire(), protocol, new InetSocketAddress("10.244.0.9", 40000)));
  }

  /** A query of the caller's making (another class, EDNS0), from {@code client}. */
  public Message ask(Message query, String protocol, InetSocketAddress client) throws Exception {
    return new Message(generation.handle(53, query.toWire(), protocol, client));
  }

  public static int type(String t) { return Type.value(t); }

  @Override public void close() { generation.close(); }
}
