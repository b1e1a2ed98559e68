package io.datasource.oms.api.v1alpha1;

import java.util.List;

/**
 * The condition types and the fixed set of reasons the operator writes. The README documents each
 * with what a user should do; the Argo CD health check maps each to a health status. Adding a
 * reason means updating both (tests check that they cover this list).
 */
public final class Conditions {

  private Conditions() {}

  /** The data source exists in OMS and belongs to this resource. */
  public static final String READY = "Ready";

  /** The data source in OMS matches the current spec and Secrets (OMS has no update). */
  public static final String UP_TO_DATE = "UpToDate";

  /**
   * Present (True) only while the resource carries {@code oms.datasource.io/paused: "true"}: the
   * other conditions then describe the last reconcile before the pause.
   */
  public static final String PAUSED = "Paused";

  /** The one reason of the Paused condition. */
  public static final String PAUSED_BY_ANNOTATION = "PausedByAnnotation";

  /** Reasons of the Ready condition. */
  public static final class ReadyReason {
    private ReadyReason() {}

    /** True: the operator created the data source. */
    public static final String CREATED = "Created";
    /** True: the operator found the data source by name and adopted it. */
    public static final String ADOPTED = "Adopted";
    /** True: spec.managementPolicy Observe found the data source by name and recorded its ID. */
    public static final String OBSERVED = "Observed";
    /** Unknown: a create is under way or its outcome is being looked up. */
    public static final String CREATING = "Creating";
    /** False: the spec is invalid; fix the spec. No OMS call is made. */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** False: a referenced Secret does not exist. */
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    /** False: a referenced Secret lacks a key (or its value is empty). */
    public static final String SECRET_KEY_MISSING = "SecretKeyMissing";
    /**
     * False: a referenced Secret value cannot be sent as stored: longer than its field's bound, or
     * (user name, AccessKey pair) not valid UTF-8 text. No OMS call is made.
     */
    public static final String SECRET_VALUE_INVALID = "SecretValueInvalid";
    /** False: another data source of this name exists in OMS or is claimed by an older resource. */
    public static final String NAME_CONFLICT = "NameConflict";
    /** False: OMS rejected the create; terminal until the spec or a Secret changes. */
    public static final String REJECTED = "Rejected";
    /** False: OMS could not reach the database (connectivity test failed); retried slowly. */
    public static final String ENVIRONMENT_ERROR = "EnvironmentError";
    /** False: OMS refused the operator's own credentials (HTTP 401/403); retried slowly. */
    public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
    /** False: OMS is unreachable or failing transiently; retried with backoff. */
    public static final String OMS_UNAVAILABLE = "OmsUnavailable";
    /** False: this OMS knows neither spelling of the create action. */
    public static final String UNSUPPORTED_ACTION = "UnsupportedAction";
    /** False: the resource is being deleted and the data source is being removed. */
    public static final String DELETING = "Deleting";
    /** False: DeleteDataSource failed (e.g. refused: in use by a migration project). */
    public static final String DELETE_FAILED = "DeleteFailed";
    /** False: this OMS has no DeleteDataSource; set deletionPolicy: Orphan to release. */
    public static final String DELETE_UNSUPPORTED = "DeleteUnsupported";
    /** False: the recorded data source is gone from OMS (deleted outside the operator). */
    public static final String NOT_FOUND_IN_OMS = "NotFoundInOms";
    /** False: spec.connectionRef names an OmsConnection that does not exist. No OMS call. */
    public static final String CONNECTION_NOT_FOUND = "ConnectionNotFound";
    /** False: the OmsConnection exists but is not Ready. No OMS call. */
    public static final String CONNECTION_NOT_READY = "ConnectionNotReady";
    /** False: the OmsConnection does not allow this resource's namespace. No OMS call. */
    public static final String CONNECTION_NOT_ALLOWED = "ConnectionNotAllowed";

    public static final List<String> ALL = List.of(CREATED, ADOPTED, OBSERVED, CREATING,
        INVALID_SPEC, SECRET_NOT_FOUND, SECRET_KEY_MISSING, SECRET_VALUE_INVALID, NAME_CONFLICT,
        REJECTED, ENVIRONMENT_ERROR, AUTHENTICATION_FAILED, OMS_UNAVAILABLE, UNSUPPORTED_ACTION,
        DELETING, DELETE_FAILED, DELETE_UNSUPPORTED, NOT_FOUND_IN_OMS, CONNECTION_NOT_FOUND,
        CONNECTION_NOT_READY, CONNECTION_NOT_ALLOWED);
  }

  /** Reasons of an OmsConnection's Ready condition. */
  public static final class ConnectionReason {
    private ConnectionReason() {}

    /** True: a one-page ListDataSource with these credentials succeeded. */
    public static final String CONNECTED = "Connected";
    /** False: the spec cannot be used (e.g. a timeout that does not parse). */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** False: the credentials or CA Secret does not exist. */
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    /** False: that Secret lacks a key, or its value is empty. */
    public static final String SECRET_KEY_MISSING = "SecretKeyMissing";
    /** False: OMS refused the credentials (HTTP 401/403). */
    public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
    /** False: OMS did not answer, or answered with an error. */
    public static final String OMS_UNAVAILABLE = "OmsUnavailable";
    /** Reason of the Deleting condition: resources still use the connection. */
    public static final String IN_USE = "InUse";

    public static final List<String> ALL = List.of(CONNECTED, INVALID_SPEC, SECRET_NOT_FOUND,
        SECRET_KEY_MISSING, AUTHENTICATION_FAILED, OMS_UNAVAILABLE);
  }

  /** Reasons of the UpToDate condition, present once a data source exists. */
  public static final class UpToDateReason {
    private UpToDateReason() {}

    /** True: created (or adopted) from the current spec and Secret versions. */
    public static final String IN_SYNC = "InSync";
    /** False: a spec field sent to OMS changed after creation. */
    public static final String SPEC_CHANGED = "SpecChanged";
    /** False: a referenced Secret changed after creation. */
    public static final String CREDENTIALS_CHANGED = "CredentialsChanged";
    /** False: a referenced Secret or key is gone; the data source stays, deletion still works. */
    public static final String CREDENTIALS_UNAVAILABLE = "CredentialsUnavailable";
    /** False: updatePolicy Recreate is replacing the data source. */
    public static final String RECREATING = "Recreating";
    /** False: the data source's fields were changed in OMS after this resource created it. */
    public static final String CHANGED_IN_OMS = "ChangedInOms";

    public static final List<String> ALL = List.of(IN_SYNC, SPEC_CHANGED, CREDENTIALS_CHANGED,
        CREDENTIALS_UNAVAILABLE, RECREATING, CHANGED_IN_OMS);
  }
}
