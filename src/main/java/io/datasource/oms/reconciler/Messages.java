package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.OmsError;
import io.datasource.oms.client.OmsException;
import io.datasource.oms.config.Durations;
import java.time.Duration;

/**
 * Every sentence the operator writes for users about a PolarDBXDataSource: condition messages and
 * Event messages. Never a secret value, never exception text: OMS's own words at most.
 */
final class Messages {

  private Messages() {}

  static final String SPEC_CHANGED = "Fields sent to OMS (name, region,"
      + " intranetAddr or description) changed after the data source was created, and OMS cannot"
      + " update a data source. Revert the change, or set spec.updatePolicy: Recreate to delete"
      + " and create it again (new ID).";
  static final String CREDENTIALS_CHANGED = "A referenced Secret changed after the"
      + " data source was created with the older credentials, and OMS cannot update them. Set"
      + " spec.updatePolicy: Recreate to delete and create it again (new ID), or restore the"
      + " Secret.";
  static final String IN_SYNC = "The data source matches the spec and the Secrets it was created"
      + " from.";
  static final String PAUSED = "The annotation " + Annotations.PAUSED + " is \"true\": the"
      + " operator makes no OMS call and leaves the other conditions as they were. Remove the"
      + " annotation to resume. Deleting the resource while paused releases it and leaves the data"
      + " source in OMS.";
  static final String RECREATING = "Recreating the data source in OMS.";
  static final String OBSERVED_IN_SYNC = "The data source in OMS matches the spec (as last"
      + " listed).";

  // Ready

  static String invalidSpec(String problems) {
    return "The spec is invalid: " + problems + " Fix the spec; OMS is not called.";
  }

  static String claimedByOther(String name, NameClaims.Claim claim) {
    return "The OMS name '" + name + "' belongs to the resource " + claim.ownerNamespace() + "/"
        + claim.ownerName() + " (it holds the data source or is older). Choose another spec.name,"
        + " or delete one of the two resources.";
  }

  static String takenInOms(DataSourceRecord match, Duration slow) {
    return "A data source named '" + match.name() + "' already exists in OMS (ID " + match.id()
        + ") and was not created by this resource. Set spec.adoptionPolicy: Adopt to take it"
        + " over, or choose another spec.name. Checked again every " + Durations.format(slow)
        + ".";
  }

  static String exists(String omsName, String id) {
    return "Data source '" + omsName + "' exists in OMS with ID " + id + ".";
  }

  static String goneFromOms(String omsName, String id, String detail) {
    return "Data source '" + omsName + "' (ID " + id + ") is no longer in OMS: it was deleted"
        + " outside the operator." + detail + " Set spec.updatePolicy: Recreate to create it"
        + " again, or delete this resource (no OMS call is made).";
  }

  static String creating(String name) {
    return "Creating data source '" + name + "' in OMS.";
  }

  static String created(String name, String id) {
    return "Created data source '" + name + "' in OMS with ID " + id + ".";
  }

  static String createdEarlier(String name, String id) {
    return "Created data source '" + name + "' in OMS with ID " + id
        + " (found by name after an attempt whose answer was lost).";
  }

  static String adopted(String name, String id) {
    return "Adopted the existing data source '" + name + "' with ID " + id
        + " (spec.adoptionPolicy: Adopt).";
  }

  static String observedMissing(String name, Duration slow) {
    return "No data source named '" + name + "' in OMS. spec.managementPolicy is Observe, so the"
        + " operator never creates it: create it in OMS, or set spec.managementPolicy: Manage."
        + " Looked for again every " + Durations.format(slow) + ".";
  }

  static String observedFound(String name, String id) {
    return "Found data source '" + name + "' in OMS with ID " + id + ". spec.managementPolicy is"
        + " Observe: the operator never changes or deletes it.";
  }

  static String observedExists(String name, String id) {
    return "Data source '" + name + "' exists in OMS with ID " + id + ". spec.managementPolicy is"
        + " Observe: the operator never changes or deletes it.";
  }

  // UpToDate

  static String invalidSinceCreated(String problems) {
    return "The spec is invalid: " + problems + " The data source in OMS is unchanged.";
  }

  static String credentialsUnavailable(String why) {
    return why + " The data source in OMS stays as it is; deleting the resource still works.";
  }

  static String changedInOms(String detail) {
    return "The data source was changed in OMS after this resource created it: " + detail
        + ". Change it back in OMS, or set spec.updatePolicy: Recreate to delete and create it"
        + " again (new ID).";
  }

  static String observedDrift(String detail) {
    return "The data source in OMS differs from the spec: " + detail + ". spec.managementPolicy"
        + " is Observe, so the operator changes nothing: change the spec or ask the owner of the"
        + " data source.";
  }

  static String notRecreatedClaimed(String name, NameClaims.Claim claim, String oldId) {
    return "Not recreated: the OMS name '" + name + "' belongs to the resource "
        + claim.ownerNamespace() + "/" + claim.ownerName() + ", so data source " + oldId
        + " is kept. Choose another spec.name, or delete one of the two resources.";
  }

  static String notRecreatedTaken(String name, DataSourceRecord taken, String oldId,
      Duration slow) {
    return "Not recreated: a data source named '" + name + "' already exists in OMS (ID "
        + taken.id() + ") and was not created by this resource, so data source " + oldId
        + " is kept. Set spec.adoptionPolicy: Adopt to take it over, or choose another"
        + " spec.name. Checked again every " + Durations.format(slow) + ".";
  }

  static String recreating(String oldId) {
    return "Deleting data source " + oldId + " to create it again (spec.updatePolicy: Recreate).";
  }

  // Failures: OMS's own words, then what the operator does next

  static String createFailed(OmsException e, FailureTable.Decision d) {
    return failureText(e) + " " + d.retryText();
  }

  static String deleteFailed(String what, OmsException e, FailureTable.Decision d) {
    String advice = d.retry() == FailureTable.Retry.BACKOFF ? ""
        : " To release the resource and keep the data source in OMS, set"
            + " spec.deletionPolicy: Orphan.";
    return "Could not delete data source " + what + ": " + failureText(e) + " " + d.retryText()
        + advice;
  }

  static String recreateLookUpFailed(String name, OmsException e, FailureTable.Decision d) {
    return "Not recreated yet: could not look up '" + name + "' in OMS: " + describe(e.error())
        + " " + d.retryText();
  }

  static String recreateDeleteFailed(String oldId, OmsException e, FailureTable.Decision d) {
    return "Could not delete data source " + oldId + " to recreate it: " + describe(e.error())
        + " " + d.retryText();
  }

  private static String failureText(OmsException e) {
    String what = switch (e.kind()) {
      case TRANSIENT -> "OMS is unavailable or failing transiently";
      case ENVIRONMENT -> "OMS could not reach the database (check intranetAddr and the network)";
      case AUTHENTICATION ->
          "OMS refused the operator's credentials (check the operator's OMS user)";
      case REJECTED -> "OMS rejected the request (check the spec and the Secrets)";
      case UNSUPPORTED_ACTION -> "This OMS does not support " + e.action();
      default -> "OMS answered " + e.kind();
    };
    return what + ": " + describe(e.error()) + ".";
  }

  /** OMS's own words (code, message, advice), never exception text. */
  static String describe(OmsError error) {
    StringBuilder b = new StringBuilder();
    if (error.code() == null && error.message() == null) {
      return error.httpStatus() == 0
          ? "no answer (connection failed, reset or timed out)"
          : "HTTP " + error.httpStatus();
    }
    if (error.code() != null) {
      b.append('[').append(error.code()).append("] ");
    }
    b.append(error.message() == null ? "no message" : error.message().trim());
    if (error.advice() != null && !error.advice().isBlank()) {
      b.append(" Advice: ").append(error.advice().trim());
    }
    return b.toString();
  }

  // Events

  static String requestIdSuffix(String requestId) {
    return requestId == null ? "." : " (OMS request ID " + requestId + ").";
  }

  static String createdEvent(String name, String id, String requestId) {
    return "Created data source '" + name + "' with ID " + id + requestIdSuffix(requestId);
  }

  static String createdEarlierEvent(String name, String id, String requestId) {
    return "Found data source '" + name + "' with ID " + id + ", created by an earlier attempt"
        + " whose answer was lost" + requestIdSuffix(requestId);
  }

  static String adoptedEvent(String name, String id, String requestId) {
    return "Adopted data source '" + name + "' with ID " + id + requestIdSuffix(requestId);
  }

  static String observedEvent(String name, String id, String requestId) {
    return "Found data source '" + name + "' with ID " + id + " (managementPolicy: Observe)"
        + requestIdSuffix(requestId);
  }

  static String goneRecreatingEvent(String oldId) {
    return "Data source " + oldId + " is no longer in OMS; creating it again (updatePolicy:"
        + " Recreate)";
  }

  static String deletedToRecreateEvent(String oldId, String requestId) {
    return "Deleted data source " + oldId + " to create it again (updatePolicy: Recreate)"
        + requestIdSuffix(requestId);
  }

  static String deletedEvent(String id, String requestId) {
    return "Deleted data source " + id + requestIdSuffix(requestId);
  }

  static String alreadyGoneEvent(String id, String requestId) {
    return "Data source " + id + " was already gone from OMS" + requestIdSuffix(requestId);
  }

  static String releasedPausedEvent(String held) {
    return "Released while paused without an OMS call"
        + (held == null ? "." : "; data source " + held + " stays in OMS.");
  }

  static String releasedObserverEvent(String held) {
    return "Released; data source " + held + " stays in OMS (managementPolicy: Observe)";
  }

  static String orphanedEvent(String id) {
    return "Released; data source " + id + " stays in OMS (deletionPolicy: Orphan)";
  }

  static String releasedGoneEvent(String id) {
    return "Released; data source " + id + " was already gone from OMS";
  }

  static String heldByOtherEvent(String id, String holderNamespace, String holderName) {
    return "Released; data source " + id + " stays in OMS because " + holderNamespace + "/"
        + holderName + " holds it";
  }

  /** The Warning Event of a condition transition: the reason, the message, the request ID. */
  static String transitionEvent(String reason, String message, String requestId) {
    return reason + ": " + message + (requestId == null ? "" : " (OMS request ID " + requestId
        + ")");
  }
}
