package io.modeldeploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reconcilers skip a status write when the new status equals the old one: a field left out of
 * equals would make its changes silently unwritten. Every serialized field must take part.
 */
class StatusEqualityTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {ModelDeploymentStatus.class, CostStatus.class, SubscriptionStatus.class,
      BillingAccountStatus.class, AccountDraw.class, AutoscalingStatus.class, ScalingDecision.class, RolloutStatus.class, RevisionStatus.class,
      TrafficTarget.class, StepAnalysis.class})
  void everySerializedFieldTakesPartInEquals(Class<?> type) throws Exception {
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) || field.isAnnotationPresent(JsonIgnore.class)) continue;
      field.setAccessible(true);
      Object a = type.getDeclaredConstructor().newInstance();
      Object b = type.getDeclaredConstructor().newInstance();
      assertThat(a).as("two fresh %s", type.getSimpleName()).isEqualTo(b);
      field.set(b, differentValue(field));
      assertThat(a).as("%s.%s differs", type.getSimpleName(), field.getName()).isNotEqualTo(b);
    }
  }

  private static Object differentValue(Field field) throws Exception {
    Class<?> t = field.getType();
    if (t == String.class) return "changed";
    if (t == Integer.class) return 7;
    if (t == Long.class) return 7L;
    if (t == Boolean.class) return true;
    if (t.isEnum()) return t.getEnumConstants()[0];
    if (t == List.class) return List.of(new Object());
    if (t == Map.class) return Map.of("k", "v");
    return t.getDeclaredConstructor().newInstance();
  }
}
