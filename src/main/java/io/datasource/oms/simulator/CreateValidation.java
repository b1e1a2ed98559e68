package io.datasource.oms.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/** The validation of a CreatePolarDBDataSource request (OMS-API.md), before it meets the store. */
final class CreateValidation {

  private static final Pattern WHITESPACE = Pattern.compile("\\s");

  private CreateValidation() {}

  /** The fields create reads; any may be null. */
  record Request(String name, String region, String user, String password, String accessKey,
      String secretKey, String intranetAddr, String description) {}

  static Request read(JsonNode req, UserFieldKey userFieldKey) {
    return new Request(text(req, "name"), text(req, "region"), userField(req, userFieldKey),
        text(req, "password"), text(req, "accessKey"), text(req, "secretKey"),
        text(req, "intranetAddr"), text(req, "description"));
  }

  /** The PARAM_ERROR message for the first problem found, or null when the request is valid. */
  static String problem(Request r, UserFieldKey userFieldKey, Set<String> validRegions) {
    String userKey = userFieldKey == UserFieldKey.USER_NAME ? "userName" : "username";
    String[][] required = {
      {"name", r.name()}, {"region", r.region()}, {userKey, r.user()}, {"password", r.password()},
      {"accessKey", r.accessKey()}, {"secretKey", r.secretKey()}, {"intranetAddr", r.intranetAddr()}
    };
    for (String[] field : required) {
      if (field[1] == null || field[1].isBlank()) {
        return "Missing required parameter: " + field[0];
      }
    }
    if (r.name().length() > 32 || WHITESPACE.matcher(r.name()).find()) {
      return "Invalid name: 1 to 32 characters without whitespace";
    }
    if (r.description() != null && r.description().length() > 128) {
      return "Invalid description: at most 128 characters";
    }
    try {
      Base64.getDecoder().decode(r.password());
    } catch (IllegalArgumentException e) {
      return "Invalid password: it must be Base64-encoded";
    }
    if (validRegions != null && !validRegions.contains(r.region())) {
      return "Invalid region: " + r.region();
    }
    return null;
  }

  /** A scalar field as text; null when absent, JSON null, or an object or array. */
  static String text(JsonNode req, String key) {
    JsonNode v = req.get(key);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static String userField(JsonNode req, UserFieldKey userFieldKey) {
    switch (userFieldKey) {
      case USERNAME:
        return text(req, "username");
      case USER_NAME:
        return text(req, "userName");
      default:
        String u = text(req, "username");
        return u != null ? u : text(req, "userName");
    }
  }
}
