package io.datasource.oms.packaging;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * One request to the Kubernetes API as RBAC sees it: API group, resource (with subresource),
 * verb, and the namespace and name it addressed. Parsed from the method and path that the mock
 * server recorded, following the API server's request-info rules.
 *
 * @param namespace null for a cluster-scoped or all-namespaces request
 * @param name null for a collection request
 */
record ApiCall(String group, String resource, String verb, String namespace, String name) {

  /** The (group, resource, verb) triple that an RBAC rule has to grant. */
  Permission permission() {
    return new Permission(group, resource, verb);
  }

  record Permission(String group, String resource, String verb) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
  }

  static ApiCall parse(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    List<String> parts = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty())
        .toList();
    String group;
    List<String> rest;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      throw new IllegalArgumentException("not a resource request (needs a nonResourceURLs rule): "
          + method + " " + pathAndQuery);
    }
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      throw new IllegalArgumentException("unexpected path " + pathAndQuery);
    }
    String resource = rest.get(0) + (rest.size() == 3 ? "/" + rest.get(2) : "");
    String name = rest.size() >= 2 ? rest.get(1) : null;
    boolean watch = uri.getQuery() != null && uri.getQuery().matches("(.*&)?watch=(true|1)(&.*)?");
    String verb = switch (method) {
      case "GET" -> name != null ? "get" : watch ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name != null ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("unexpected method " + method);
    };
    return new ApiCall(group, resource, verb, namespace, name);
  }
}
