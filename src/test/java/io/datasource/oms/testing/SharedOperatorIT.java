package io.datasource.oms.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * One operator ({@link ItEnv#operator()}) on the real API server and one simulator for a whole IT class;
 * each test method works in a namespace named after it, cleaned up afterwards. After the class,
 * nothing the suite did may have leaked a secret.
 */
public abstract class SharedOperatorIT {

  protected static ItEnv env;
  protected static TestOperator operator;
  protected String ns;

  @BeforeAll
  static void startOperator() {
    env = new ItEnv();
    operator = env.operator().start();
  }

  @AfterAll
  static void stopOperatorAndCheckForLeaks() throws Exception {
    try {
      env.assertNoSecretLeaked();
    } finally {
      operator.close();
      env.close();
    }
  }

  @BeforeEach
  void namespaceNamedAfterTheTest(TestInfo info) {
    ns = env.namespace(info.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void cleanUpNamespaceAndSimulator() {
    env.cleanUp(ns);
    env.sim.reset();
  }
}
