package io.datasource.oms.runtime;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.datasource.oms.config.LogFormat;
import java.net.URL;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies LOG_FORMAT and LOG_LEVEL by reloading {@code logback.xml} with them as context
 * properties. Reloading (rather than setting system properties before logback starts) does not
 * depend on which class happened to log first.
 */
public final class Logging {

  static final String FORMAT_PROPERTY = "omsLogFormat";
  static final String LEVEL_PROPERTY = "omsLogLevel";

  private Logging() {}

  /** Reconfigures the process's logback context; does nothing if SLF4J is bound to another backend. */
  public static void configure(LogFormat format, String level) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext) {
      configure((LoggerContext) factory, format, level, Logging.class.getResource("/logback.xml"));
    }
  }

  /** Configures {@code context} from {@code logbackXml} with the given format and level. */
  static void configure(LoggerContext context, LogFormat format, String level, URL logbackXml) {
    context.reset();
    context.putProperty(FORMAT_PROPERTY, format.name().toLowerCase(Locale.ROOT));
    context.putProperty(LEVEL_PROPERTY, level);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(logbackXml);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging from " + logbackXml, e);
    }
  }
}
