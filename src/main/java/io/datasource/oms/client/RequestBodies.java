package io.datasource.oms.client;

import io.datasource.oms.client.OmsSettings.UserFieldMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the three actions, and the secrets a create body carries. */
final class RequestBodies {

  private RequestBodies() {}

  /**
   * The CreatePolarDBDataSource body: absent fields are left out; the database user goes under
   * the key(s) {@code userFieldMode} names (OMS-API.md, contradiction 2).
   */
  static Map<String, Object> create(CreateDataSourceRequest r, UserFieldMode userFieldMode) {
    Map<String, Object> body = new LinkedHashMap<>();
    putIfPresent(body, "name", r.name());
    putIfPresent(body, "region", r.region());
    switch (userFieldMode) {
      case USERNAME:
        putIfPresent(body, "username", r.username());
        break;
      case USER_NAME:
        putIfPresent(body, "userName", r.username());
        break;
      default:
        putIfPresent(body, "username", r.username());
        putIfPresent(body, "userName", r.username());
    }
    putIfPresent(body, "password", r.password() == null ? null : encodePassword(r.password()));
    putIfPresent(body, "accessKey", r.accessKeyId());
    putIfPresent(body, "secretKey", r.accessKeySecret());
    putIfPresent(body, "intranetAddr", r.intranetAddr());
    putIfPresent(body, "description", r.description());
    return body;
  }

  /** One ListDataSource page; {@code pageNumber} counts from 1. */
  static Map<String, Object> listPage(String searchKey, int pageNumber, int pageSize) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (searchKey != null) {
      body.put("searchKey", searchKey);
    }
    body.put("pageNumber", pageNumber);
    body.put("pageSize", pageSize);
    return body;
  }

  static Map<String, Object> delete(String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id == null ? null : id.trim());
    return body;
  }

  /**
   * The one place the database password is encoded: Base64 of its bytes as stored (OMS-API.md;
   * for a text password these are its UTF-8 bytes). Never decoded and re-encoded as text: a
   * password that is not UTF-8 would be altered.
   */
  static String encodePassword(byte[] password) {
    return Base64.getEncoder().encodeToString(password);
  }

  /** The secrets of a create request as OMS might echo them: as text and as Base64. */
  static List<String> secretsOf(CreateDataSourceRequest r) {
    List<String> secrets = new ArrayList<>();
    byte[] password = r.password();
    if (password != null) {
      String text = Utf8.decodeStrict(password);
      if (text != null && !text.isEmpty()) {
        secrets.add(text); // only as text when it is text: replacement characters match anything
      }
      secrets.add(encodePassword(password));
    }
    if (r.accessKeySecret() != null) {
      secrets.add(r.accessKeySecret());
      // its Base64, should OMS echo it encoded
      secrets.add(encodePassword(r.accessKeySecret().getBytes(StandardCharsets.UTF_8)));
    }
    return secrets;
  }

  private static void putIfPresent(Map<String, Object> body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }
}
