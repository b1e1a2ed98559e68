package io.datasource.oms.simulator;

/**
 * One answer of the simulated OMS before the HTTP front puts it into the envelope. Business
 * failures have status 200 and {@code success} false, as OMS answers them; the page fields are
 * set on list answers only.
 *
 * @param status the HTTP status the front answers with
 * @param data the envelope's {@code data}: an ID, a list of items (maps), or null
 */
public record OmsAnswer(
    int status,
    boolean success,
    String code,
    String message,
    String advice,
    Object data,
    Integer pageNumber,
    Integer pageSize,
    Integer totalCount) {

  /** HTTP 200, {@code success: true}. */
  public static OmsAnswer ok(Object data) {
    return new OmsAnswer(200, true, null, null, null, data, null, null, null);
  }

  /** One page of a list answer. */
  public static OmsAnswer page(Object data, int pageNumber, int pageSize, int totalCount) {
    return new OmsAnswer(200, true, null, null, null, data, pageNumber, pageSize, totalCount);
  }

  /** {@code success: false} with this code and message. */
  public static OmsAnswer failure(int status, String code, String message) {
    return new OmsAnswer(status, false, code, message, null, null, null, null, null);
  }

  public OmsAnswer withAdvice(String text) {
    return new OmsAnswer(status, success, code, message, text, data, pageNumber, pageSize,
        totalCount);
  }
}
