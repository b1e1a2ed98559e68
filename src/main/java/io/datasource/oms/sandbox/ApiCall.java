package io.datasource.oms.sandbox;

/**
 * One request to the Kubernetes API as RBAC sees it: API group, resource (with subresource),
 * verb, and the namespace and name it addressed, as the API server's audit log records it
 * ({@link AuditLog}).
 *
 * @param namespace null for a cluster-scoped or all-namespaces request
 * @param name null for a collection request (a create names the object it created)
 */
public record ApiCall(String group, String resource, String verb, String namespace, String name) {

  /** The (group, resource, verb) triple that an RBAC rule has to grant. */
  public Permission permission() {
    return new Permission(group, resource, verb);
  }

  public record Permission(String group, String resource, String verb) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
  }
}
