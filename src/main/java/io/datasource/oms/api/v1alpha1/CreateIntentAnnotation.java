package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A create intent as the operator records it, in the annotation {@link Annotations#CREATE_INTENT}
 * (JSON): written in the same metadata patch as the finalizer, optimistic-locked, before
 * CreatePolarDBDataSource is called. It is outstanding until a status write records its
 * {@code id} in {@code status.settledIntent}; after that it is history, and the operator replaces
 * it with its next intent (never removes it by a write of its own).
 *
 * @param id unique per intent: the resourceVersion its first patch was pinned to
 * @param omsName the OMS name the create was, or is about to be, sent for
 * @param recordedAt when the intent was recorded (RFC 3339)
 * @param specFingerprint the spec fields sent with this create (never a secret)
 * @param secretsFingerprint the Secret identities and versions used (never a value)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "omsName", "recordedAt", "specFingerprint", "secretsFingerprint"})
public record CreateIntentAnnotation(String id, String omsName, String recordedAt,
    String specFingerprint, String secretsFingerprint) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The annotation on {@code r}, if present and readable (a malformed one counts as absent). */
  public static Optional<CreateIntentAnnotation> of(PolarDBXDataSource r) {
    Map<String, String> a = r.getMetadata() == null ? null : r.getMetadata().getAnnotations();
    String value = a == null ? null : a.get(Annotations.CREATE_INTENT);
    if (value == null) {
      return Optional.empty();
    }
    try {
      CreateIntentAnnotation parsed = JSON.readValue(value, CreateIntentAnnotation.class);
      return parsed.id() == null || parsed.omsName() == null ? Optional.empty()
          : Optional.of(parsed);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * The annotation's intent while it is outstanding: present, and not recorded as settled by
   * {@code status.settledIntent}.
   */
  public static Optional<CreateIntentAnnotation> outstanding(PolarDBXDataSource r) {
    String settled = r.getStatus() == null ? null : r.getStatus().getSettledIntent();
    return of(r).filter(i -> !i.id().equals(settled));
  }

  /** The same intent with another id (the writer sets it when it pins the patch). */
  public CreateIntentAnnotation withId(String newId) {
    return new CreateIntentAnnotation(newId, omsName, recordedAt, specFingerprint,
        secretsFingerprint);
  }

  /** The intent as {@code status.createIntent} has always described it. */
  public CreateIntent intent() {
    return new CreateIntent(omsName, recordedAt);
  }

  /** Whether {@code intent} is this one (same name, same time of recording). */
  public boolean isFor(CreateIntent intent) {
    return intent != null && Objects.equals(omsName, intent.getOmsName())
        && Objects.equals(recordedAt, intent.getRecordedAt());
  }

  /** The annotation's value. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("create intent not serialisable", e);
    }
  }
}
