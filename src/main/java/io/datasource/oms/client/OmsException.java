package io.datasource.oms.client;

/**
 * The typed failure family of the OMS client. Callers branch on {@link #kind()} (or the subclass);
 * {@link #error()} carries what OMS said. Messages never contain a secret.
 */
public abstract sealed class OmsException extends RuntimeException
    permits OmsException.Transient,
        OmsException.Environment,
        OmsException.Authentication,
        OmsException.Rejected,
        OmsException.UnsupportedAction,
        OmsException.NotFound {

  private final String action;
  private final OmsError error;

  protected OmsException(String action, OmsError error, String summary, Throwable cause) {
    super(describe(action, error, summary), cause, false, true);
    this.action = action;
    this.error = error == null ? OmsError.none() : error;
  }

  public abstract OmsFailureKind kind();

  /** The OMS action that failed, e.g. {@code CreatePolarDBDataSource}. */
  public String action() {
    return action;
  }

  public OmsError error() {
    return error;
  }

  /** The request ID OMS gave, or null. */
  public String requestId() {
    return error.requestId();
  }

  private static String describe(String action, OmsError error, String summary) {
    StringBuilder b = new StringBuilder();
    b.append(action).append(": ").append(summary);
    if (error != null) {
      if (error.code() != null) {
        b.append(" [code=").append(error.code()).append(']');
      }
      if (error.message() != null) {
        b.append(" ").append(error.message());
      }
      if (error.requestId() != null) {
        b.append(" (requestId=").append(error.requestId()).append(')');
      }
    }
    return b.toString();
  }

  public static final class Transient extends OmsException {
    public Transient(String action, OmsError error, String summary, Throwable cause) {
      super(action, error, summary, cause);
    }

    @Override
    public OmsFailureKind kind() {
      return OmsFailureKind.TRANSIENT;
    }
  }

  public static final class Environment extends OmsException {
    public Environment(String action, OmsError error, String summary) {
      super(action, error, summary, null);
    }

    @Override
    public OmsFailureKind kind() {
      return OmsFailureKind.ENVIRONMENT;
    }
  }

  public static final class Authentication extends OmsException {
    public Authentication(String action, OmsError error, String summary) {
      super(action, error, summary, null);
    }

    @Override
    public OmsFailureKind kind() {
      return OmsFailureKind.AUTHENTICATION;
    }
  }

  public static final class Rejected extends OmsException {
    public Rejected(String action, OmsError error, String summary) {
      super(action, error, summary, null);
    }

    @Override
    public OmsFailureKind kind() {
      return OmsFailureKind.REJECTED;
    }
  }

  public static final class UnsupportedAction extends OmsException {
    public UnsupportedAction(String action, OmsError error, String summary) {
      super(action, error, summary, null);
    }

    @Override
    public OmsFailureKind kind() {
      return OmsFailureKind.UNSUPPORTED_ACTION;
    }
  }

  public static final class NotFound extends OmsException {
    public NotFound(String action, OmsError error, String summary) {
      super(action, error, summary, null);
    }

    @Override
    public OmsFailureKind kind() {
      return OmsFailureKind.NOT_FOUND;
    }
  }
}
