package io.datasource.oms.testing;

import io.datasource.oms.client.OmsSettings;
import io.datasource.oms.config.Variables;
import java.net.URI;
import java.time.Duration;

/** OMS client settings for tests: what a test leaves null is the configuration table's default. */
public final class TestSettings {

  private TestSettings() {}

  /** Every setting at the operator's default. */
  public static OmsSettings defaults(URI baseUrl, OmsSettings.Credentials credentials) {
    return of(baseUrl, credentials, null, null, null, null, null, 0);
  }

  /** The given settings; null (or a page size of 0) takes the default. */
  public static OmsSettings of(URI baseUrl, OmsSettings.Credentials credentials,
      Duration connectTimeout, Duration requestTimeout, String caBundlePem, String createAction,
      OmsSettings.UserFieldMode userField, int listPageSize) {
    return new OmsSettings(baseUrl, credentials,
        connectTimeout == null ? Variables.OMS_CONNECT_TIMEOUT.defaultValue() : connectTimeout,
        requestTimeout == null ? Variables.OMS_REQUEST_TIMEOUT.defaultValue() : requestTimeout,
        caBundlePem,
        createAction == null ? Variables.OMS_CREATE_ACTION.defaultValue() : createAction,
        userField == null ? Variables.OMS_USER_FIELD.defaultValue() : userField,
        listPageSize <= 0 ? OmsSettings.LIST_PAGE_SIZE : listPageSize);
  }
}
