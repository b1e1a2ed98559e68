package io.datasource.oms.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The error table of OMS-API.md ("Errors") as code: what the client saw, turned into the
 * {@link OmsException} it throws. Callers branch on the exception's kind, never on its message.
 * Pure: no I/O, no logging.
 */
final class ErrorClassifier {

  /** OMS IDs look like {@code e_} plus 12 characters; anything far longer is not an ID. */
  static final int MAX_ID_LENGTH = 128;
  private static final Pattern PLAUSIBLE_ID = Pattern.compile("[\\x21-\\x7e]+");

  private ErrorClassifier() {}

  /** No HTTP answer arrived: connect failure, timeout, reset, TLS failure. */
  static OmsException noAnswer(String action, long millis, Exception cause) {
    String message = cause.getMessage();
    String what = cause.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
    return new OmsException.Transient(action, OmsError.none(),
        "no answer from OMS after " + millis + " ms (" + what + ")", cause);
  }

  static OmsException interrupted(String action, InterruptedException cause) {
    return new OmsException.Transient(action, OmsError.none(), "interrupted while calling OMS", cause);
  }

  /**
   * The failure this answer means, or null when it is a successful envelope.
   *
   * @param envelope the parsed body, or null when it is not a JSON object
   * @param contentType the answer's Content-Type, for the message when there is no envelope
   */
  static OmsException classify(String action, int status, String contentType, Envelope envelope,
      String requestId, Redaction redaction) {
    if (status == 401 || status == 403) {
      return new OmsException.Authentication(action, errorOf(envelope, status, requestId, redaction),
          "OMS refused the credentials (HTTP " + status + ")");
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new OmsException.Transient(action, errorOf(envelope, status, requestId, redaction),
          "OMS answered HTTP " + status, null);
    }
    if (status == 404) {
      OmsError error = errorOf(envelope, status, requestId, redaction);
      if (envelope != null && HttpOmsClient.DELETE_ACTION.equals(action) && saysNotExist(error)) {
        // a REST-minded OMS may answer a missing data source with 404 and says so in the envelope
        return new OmsException.NotFound(action, error, "the data source does not exist in OMS");
      }
      return new OmsException.UnsupportedAction(action, error, "OMS does not know the action (HTTP 404)");
    }
    if (status < 200 || status >= 300) {
      return new OmsException.Rejected(action, errorOf(envelope, status, requestId, redaction),
          "OMS answered HTTP " + status);
    }
    if (envelope == null) {
      // Typically a proxy or login page in front of OMS: say so, since "HTTP 200" alone misleads.
      String message = "OMS answered HTTP " + status + " with a body that is not an OMS JSON"
          + " envelope (Content-Type " + abbreviate(contentType, 80) + "); check that OMS_BASE_URL is"
          + " the OMS console";
      return new OmsException.Transient(action,
          new OmsError("HTTP_" + status, message, null, null, status),
          "OMS answered HTTP " + status + " without a readable envelope", null);
    }
    Boolean success = envelope.success();
    if (success == null) {
      OmsError error = envelope.error(status, requestId, redaction);
      if (error.message() == null) {
        error = new OmsError(error.code(), "OMS answered an envelope without a success flag",
            error.advice(), error.requestId(), status, error.errorDetail());
      }
      return new OmsException.Transient(action, error, "OMS answered without a success flag", null);
    }
    return success ? null : failure(action, envelope.error(status, requestId, redaction));
  }

  /** Maps a {@code success: false} answer to the failure family. */
  static OmsException failure(String action, OmsError error) {
    String code = error.code() == null ? "" : error.code().trim();
    String message = error.message() == null ? "" : error.message().trim();
    if (isUnknownAction(code, message)) {
      return new OmsException.UnsupportedAction(action, error, "OMS does not know the action");
    }
    if (code.toUpperCase(Locale.ROOT).startsWith("GHANA-OPERIE")) {
      return new OmsException.Transient(action, error, "OMS failed internally; retry later", null);
    }
    if (code.equalsIgnoreCase("PARAM_ERROR")
        && message.toLowerCase(Locale.ROOT).startsWith("connectivity test failed")) {
      return new OmsException.Environment(action, error, "OMS could not reach the database");
    }
    if (HttpOmsClient.DELETE_ACTION.equals(action) && isNotExist(code, message)) {
      return new OmsException.NotFound(action, error, "the data source does not exist in OMS");
    }
    return new OmsException.Rejected(action, error, "OMS rejected the request");
  }

  /**
   * The failure of a successful create answer whose {@code data} is not a plausible ID, or null
   * when {@code id} is one. Transient: the create may have committed, so the caller looks the
   * name up before trying again.
   */
  static OmsException implausibleId(String action, int status, String requestId, JsonNode data,
      String id) {
    boolean wrongType = id == null && data != null && !data.isNull() && !data.isObject();
    String problem = wrongType ? "a 'data' of the wrong type ("
            + data.getNodeType().toString().toLowerCase(Locale.ROOT) + ") instead of a data source ID"
        : id == null || id.isEmpty() ? "no data source ID"
        : id.length() > MAX_ID_LENGTH ? "an ID of " + id.length() + " characters (at most "
            + MAX_ID_LENGTH + " expected)"
        : !PLAUSIBLE_ID.matcher(id).matches() ? "an ID with whitespace or control characters"
        : null;
    if (problem == null) {
      return null;
    }
    return new OmsException.Transient(action,
        new OmsError(null, "OMS reported success but gave " + problem, null, requestId, status),
        "OMS reported success but gave " + problem + "; look the name up before retrying", null);
  }

  /** A list answer whose {@code data} is neither null nor an array. */
  static OmsException notAList(String action, int status, String requestId) {
    return new OmsException.Transient(action, new OmsError(null, null, null, requestId, status),
        "OMS answered a data source list that is not an array", null);
  }

  /** True when the code or message says the action is unknown, unsupported or not found. */
  static boolean isUnknownAction(String code, String message) {
    String c = code.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    if (c.contains("unknownaction") || c.contains("unsupportedaction") || c.contains("invalidaction")
        || c.contains("actionnotfound") || c.contains("actionnotsupported")
        || c.contains("actionnotexist")) {
      return true;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("action")
        && (m.contains("unknown") || m.contains("unsupported") || m.contains("not supported")
            || m.contains("not found") || m.contains("not exist") || m.contains("invalid action"));
  }

  /** True when the code or message says the addressed data source does not exist. */
  static boolean isNotExist(String code, String message) {
    String c = code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    String m = message.toLowerCase(Locale.ROOT);
    return c.contains("NOTEXIST") || c.contains("NOTFOUND")
        || m.contains("not exist") || m.contains("not found") || m.contains("no such");
  }

  private static boolean saysNotExist(OmsError error) {
    String code = error.code() == null ? "" : error.code().trim();
    String message = error.message() == null ? "" : error.message().trim();
    return !isUnknownAction(code, message) && isNotExist(code, message);
  }

  private static OmsError errorOf(Envelope envelope, int status, String requestId,
      Redaction redaction) {
    return envelope == null ? OmsError.httpStatus(status, requestId)
        : envelope.error(status, requestId, redaction);
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
