package io.datasource.oms.packaging;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** Runs an Argo CD health script the way Argo CD does: {@code obj} global in, {@code hs} out. */
final class LuaHealthCheck {

  record Health(String status, String message) {}

  private final String script;

  LuaHealthCheck(String script) {
    this.script = script;
  }

  /** Any Kubernetes object (typed model or map), converted as Argo CD converts JSON. */
  Health run(Object object) {
    Map<?, ?> json = Serialization.jsonMapper().convertValue(object, Map.class);
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(json));
    LuaValue hs = globals.load(script, "health.lua").call();
    LuaValue message = hs.get("message");
    return new Health(hs.get("status").tojstring(), message.isnil() ? null : message.tojstring());
  }

  private static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return LuaValue.valueOf(String.valueOf(value));
  }
}
