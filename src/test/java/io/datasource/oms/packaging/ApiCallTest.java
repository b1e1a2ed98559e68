package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The request-to-RBAC mapping that the RBAC test relies on. */
class ApiCallTest {

  @Test
  void mapsRequestsAsTheApiServerDoes() {
    assertThat(ApiCall.parse("GET", "/apis/oms.datasource.io/v1alpha1/polardbxdatasources?resourceVersion=0"))
        .isEqualTo(new ApiCall("oms.datasource.io", "polardbxdatasources", "list", null, null));
    assertThat(ApiCall.parse("GET", "/apis/oms.datasource.io/v1alpha1/polardbxdatasources?allowWatchBookmarks=true&watch=true"))
        .isEqualTo(new ApiCall("oms.datasource.io", "polardbxdatasources", "watch", null, null));
    assertThat(ApiCall.parse("PATCH", "/apis/oms.datasource.io/v1alpha1/namespaces/a/polardbxdatasources/x/status"))
        .isEqualTo(new ApiCall("oms.datasource.io", "polardbxdatasources/status", "patch", "a", "x"));
    assertThat(ApiCall.parse("GET", "/api/v1/namespaces/a/secrets?watch=true"))
        .isEqualTo(new ApiCall("", "secrets", "watch", "a", null));
    assertThat(ApiCall.parse("GET", "/api/v1/namespaces/a/secrets/s"))
        .isEqualTo(new ApiCall("", "secrets", "get", "a", "s"));
    assertThat(ApiCall.parse("POST", "/api/v1/namespaces/a/events"))
        .isEqualTo(new ApiCall("", "events", "create", "a", null));
    assertThat(ApiCall.parse("PUT", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/op"))
        .isEqualTo(new ApiCall("coordination.k8s.io", "leases", "update", "ops", "op"));
    assertThat(ApiCall.parse("GET", "/api/v1/namespaces/a"))
        .isEqualTo(new ApiCall("", "namespaces", "get", null, "a"));
    assertThat(ApiCall.parse("DELETE", "/api/v1/namespaces/a/secrets"))
        .isEqualTo(new ApiCall("", "secrets", "deletecollection", "a", null));
  }

  @Test
  void refusesNonResourceUrls() {
    assertThatThrownBy(() -> ApiCall.parse("GET", "/version"))
        .hasMessageContaining("nonResourceURLs");
  }
}
