package io.modeldeploy.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an enum field leniently: a value this operator version does not know (a newer CRD read by
 * an older operator) becomes null instead of failing the whole object in the informer, and the
 * object that holds the field records it, so validation can name the field and the value.
 */
public final class LenientEnum extends JsonDeserializer<Enum<?>> implements ContextualDeserializer {

  /** An API object that remembers the enum values it could not read, by JSON property name. */
  public interface Holder {
    Map<String, String> unreadable();
  }

  /** The values an enum property of a Holder's class accepts, for the error message. */
  public static List<String> known(Class<?> owner, String property) {
    try {
      return Arrays.stream(owner.getDeclaredField(property).getType().getEnumConstants()).map(Object::toString).toList();
    } catch (NoSuchFieldException e) {
      return List.of();
    }
  }

  private final Class<? extends Enum<?>> type;

  public LenientEnum() { this(null); }

  private LenientEnum(Class<? extends Enum<?>> type) { this.type = type; }

  @Override
  @SuppressWarnings("unchecked")
  public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
    return new LenientEnum((Class<? extends Enum<?>>) property.getType().getRawClass());
  }

  @Override
  public Enum<?> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    String text = parser.getValueAsString();
    for (Enum<?> constant : type.getEnumConstants())
      if (constant.name().equals(text)) return constant;
    if (parser.getParsingContext().getCurrentValue() instanceof Holder holder)
      holder.unreadable().put(parser.currentName(), text);
    return null;
  }

  /** A fresh record for a Holder's field (ignored by JSON and the schema). */
  public static Map<String, String> none() { return new TreeMap<>(); }
}
