package io.datasource.oms.reconciler;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * Secrets as metadata only, for the informer that tells which Secrets exist and when one changes.
 *
 * <p>The API server sends only metadata when the request asks for {@code PartialObjectMetadata}
 * (an {@code Accept} header; Fabric8 7.5.2 has no API for it, fabric8io/kubernetes-client#5716):
 * {@link #client} derives a client that asks so on every list and watch of Secrets, so that no
 * Secret value travels to the informer at all. {@link Store} keeps of each Secret its name,
 * namespace, UID and resourceVersion only: the annotations go too, because {@code kubectl apply}
 * copies the whole Secret, values included, into {@code last-applied-configuration}, and a server
 * that ignores the header (the sandbox's mock) still leaves no value in the store.
 */
final class SecretMetadata {

  static final String ACCEPT_LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
  static final String ACCEPT_WATCH = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

  private SecretMetadata() {}

  /**
   * A client with {@code base}'s configuration (server, credentials, impersonation, timeouts) whose
   * lists and watches of Secrets return metadata only. Only for the informer; the caller closes it.
   */
  static KubernetesClient client(KubernetesClient base) {
    // An empty PartialObjectMetadataList comes with "items": null (a typed list has []), which
    // the informer cannot list: read null lists as empty ones.
    ObjectMapper mapper = new ObjectMapper();
    mapper.configOverride(List.class)
        .setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
    return new KubernetesClientBuilder().withConfig(base.getConfiguration())
        .withHttpClientFactory(new OkHttpClientFactory()) // the operator's one transport
        .withKubernetesSerialization(new KubernetesSerialization(mapper, true))
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("secret-metadata-only",
            new MetadataOnly()))
        .build();
  }

  /** Asks for PartialObjectMetadata on collection requests for Secrets (list and watch). */
  static final class MetadataOnly implements Interceptor {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      String path = request.uri().getPath();
      if (path != null && path.endsWith("/secrets")) {
        String query = request.uri().getQuery();
        boolean watch = query != null && query.contains("watch=true");
        builder.setHeader("Accept", watch ? ACCEPT_WATCH : ACCEPT_LIST);
      }
    }
  }

  /** Only what tells a Secret apart and says when it changed. */
  static Secret slim(Secret s) {
    ObjectMeta m = s.getMetadata();
    Secret slim = new Secret();
    slim.setMetadata(new ObjectMetaBuilder().withName(m.getName())
        .withNamespace(m.getNamespace()).withUid(m.getUid())
        .withResourceVersion(m.getResourceVersion()).build());
    slim.setData(null);
    slim.setStringData(null);
    return slim;
  }

  /**
   * The informer's store: each Secret as {@link #slim}. One store per informer (a store shared by
   * the informers of several namespaces would lose the others' objects when one relists).
   */
  static final class Store extends BasicItemStore<Secret> {
    Store() {
      super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public Secret put(String key, Secret obj) {
      return super.put(key, obj == null || obj.getMetadata() == null ? obj : slim(obj));
    }
  }
}
