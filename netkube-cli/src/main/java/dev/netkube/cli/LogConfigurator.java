package dev.netkube.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Logback configured in code rather than logback.xml: parsing XML at start-up costs the server
 * a few hundred milliseconds of its "ready in" time. Lines go to stdout, which `up` sends to
 * $NETKUBE_HOME/logs/server.log. A logback.xml on the classpath (-Dlogback.configurationFile)
 * still wins for users who want their own.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{30} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.grpc").setLevel(Level.WARN);
    // NETKUBE_LOG=logger=LEVEL,... raises or lowers single loggers, e.g. io.fabric8=DEBUG.
    String overrides = System.getenv("NETKUBE_LOG");
    if (overrides != null) {
      for (String entry : overrides.split(",")) {
        int eq = entry.indexOf('=');
        if (eq > 0) context.getLogger(entry.substring(0, eq).trim()).setLevel(Level.toLevel(entry.substring(eq + 1).trim(), Level.INFO));
      }
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
