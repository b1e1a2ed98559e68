package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StatusEditor#copy} is written by hand: this test sets every field of the status model
 * (found by reflection, nested types included) and requires the copy to carry each one, so that a
 * field added to the model and forgotten in the copy fails here instead of vanishing from status.
 */
class StatusEditorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void copyCarriesEveryFieldOfTheStatusModel() throws Exception {
    PolarDBXDataSourceStatus original = filled(PolarDBXDataSourceStatus.class);
    assertThat(JSON.<com.fasterxml.jackson.databind.JsonNode>valueToTree(original).size())
        .as("every property set (so that none can be missed)")
        .isEqualTo(fields(PolarDBXDataSourceStatus.class).size());

    PolarDBXDataSourceStatus copy = StatusEditor.copy(original);

    assertThat((Object) JSON.valueToTree(copy)).isEqualTo(JSON.valueToTree(original));
    assertThat(copy).isEqualTo(original);
  }

  @Test
  void copyIsDeep() throws Exception {
    PolarDBXDataSourceStatus original = filled(PolarDBXDataSourceStatus.class);
    PolarDBXDataSourceStatus copy = StatusEditor.copy(original);
    for (Field f : fields(PolarDBXDataSourceStatus.class)) {
      Object a = f.get(original);
      if (!(a instanceof String) && !(a instanceof Number)) {
        assertThat(f.get(copy)).as(f.getName()).isNotSameAs(a);
      }
    }
    assertThat(copy.getConditions().get(0)).isNotSameAs(original.getConditions().get(0));
  }

  @Test
  void copyOfNothingIsAnEmptyStatus() {
    assertThat(StatusEditor.copy(null)).isEqualTo(new PolarDBXDataSourceStatus());
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        f.setAccessible(true);
        out.add(f);
      }
    }
    return out;
  }

  /** An instance of a status type with every field set to a value of its own. */
  private static <T> T filled(Class<T> type) throws Exception {
    T value = type.getDeclaredConstructor().newInstance();
    for (Field f : fields(type)) {
      f.set(value, sample(f));
    }
    return value;
  }

  private static Object sample(Field f) throws Exception {
    Class<?> t = f.getType();
    if (t == String.class) {
      return f.getName() + "-value";
    } else if (t == Long.class) {
      return 7L;
    } else if (t == Integer.class) {
      return 7;
    } else if (t == List.class && f.getGenericType().getTypeName().contains("Condition")) {
      Condition c = new ConditionBuilder().withType("Ready").withStatus("True")
          .withReason("Created").withMessage("m").withObservedGeneration(3L)
          .withLastTransitionTime("2026-01-01T00:00:00Z").build();
      return new ArrayList<>(List.of(c));
    } else if (t.getPackageName().equals(PolarDBXDataSourceStatus.class.getPackageName())) {
      return filled(t);
    }
    return fail("no sample for " + f + ": teach this test the new field's type");
  }
}
