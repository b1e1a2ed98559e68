package io.datasource.oms.simulator;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as its own process until interrupted:
 * {@code OmsSimulatorMain --port 18080 [--user U --password P] [--create-spellings POLAR|PILAR|BOTH]
 * [--user-field USERNAME|USER_NAME|BOTH] [--casing CAMEL|PASCAL] [--cost TEXT_MS|TEXT_MS_COMPACT|NUMBER]}.
 */
public final class OmsSimulatorMain {

  private OmsSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    OmsSimulator simulator;
    try {
      simulator = fromArgs(args).start();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: OmsSimulatorMain [--port N] [--user U --password P]"
          + " [--create-spellings POLAR|PILAR|BOTH] [--user-field USERNAME|USER_NAME|BOTH]"
          + " [--casing CAMEL|PASCAL] [--cost TEXT_MS|TEXT_MS_COMPACT|NUMBER]");
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      simulator.close();
      stopped.countDown();
    }, "oms-simulator-shutdown"));
    System.out.println("OMS simulator listening on " + simulator.baseUrl());
    System.out.flush();
    stopped.await();
  }

  /** Parses the command line into a builder (not started). */
  public static OmsSimulator.Builder fromArgs(String[] args) {
    OmsSimulator.Builder builder = OmsSimulator.builder();
    String user = null;
    String password = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--port":
          builder.port(parsePort(value));
          break;
        case "--user":
          user = value;
          break;
        case "--password":
          password = value;
          break;
        case "--create-spellings":
          builder.createSpellings(CreateSpelling.valueOf(value.toUpperCase(Locale.ROOT)));
          break;
        case "--user-field":
          builder.userFieldKey(UserFieldKey.valueOf(value.toUpperCase(Locale.ROOT)));
          break;
        case "--casing":
          builder.envelopeCasing(EnvelopeCasing.valueOf(value.toUpperCase(Locale.ROOT)));
          break;
        case "--cost":
          builder.costShape(CostShape.valueOf(value.toUpperCase(Locale.ROOT)));
          break;
        default:
          throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if ((user == null) != (password == null)) {
      throw new IllegalArgumentException("--user and --password go together");
    }
    if (user != null) {
      builder.credentials(user, password);
    }
    return builder;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number from 0 to 65535: " + value);
    }
  }
}
