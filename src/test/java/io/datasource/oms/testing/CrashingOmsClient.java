package io.datasource.oms.testing;

import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import java.util.concurrent.CountDownLatch;

/**
 * Plays an operator process that dies right after OMS committed a create: the create reaches OMS,
 * then this client throws, and every later call throws too (a dead process calls nothing). The
 * test then stops this operator and starts a new one with a healthy client.
 */
public final class CrashingOmsClient implements OmsClient {

  private final OmsClient delegate;
  private final CountDownLatch crashed = new CountDownLatch(1);

  public CrashingOmsClient(OmsClient delegate) {
    this.delegate = delegate;
  }

  public boolean hasCrashed() {
    return crashed.getCount() == 0;
  }

  @Override
  public CreateResult createPolarDbxDataSource(CreateDataSourceRequest request) {
    checkAlive();
    delegate.createPolarDbxDataSource(request);
    crashed.countDown();
    throw new IllegalStateException("simulated crash after the create was sent");
  }

  @Override
  public ListResult listDataSources(String searchKey) {
    checkAlive();
    return delegate.listDataSources(searchKey);
  }

  @Override
  public DeleteResult deleteDataSource(String id) {
    checkAlive();
    return delegate.deleteDataSource(id);
  }

  private void checkAlive() {
    if (hasCrashed()) {
      throw new IllegalStateException("simulated crash: this process is dead");
    }
  }
}
