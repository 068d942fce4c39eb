package dev.fieldcrypt.aws;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** A minimal JSON writer for the fake servers' responses: maps, lists, strings and numbers. */
final class Json {
  private Json() {}

  /** The body of an AWS JSON 1.1 error answer. */
  static String error(String type, String message) {
    return write(Map.of("__type", type, "message", message));
  }

  /** Sends {@code json} as an AWS JSON 1.1 answer with {@code status} and a request id. */
  static void respond(HttpExchange x, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    x.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = x.getResponseBody()) {
      os.write(bytes);
    }
  }

  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof Number n) {
      b.append(n);
    } else if (value instanceof Map<?, ?> m) {
      b.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(sep);
        string(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
        sep = ",";
      }
      b.append('}');
    } else if (value instanceof Collection<?> c) {
      b.append('[');
      String sep = "";
      for (Object o : c) {
        b.append(sep);
        write(b, o);
        sep = ",";
      }
      b.append(']');
    } else {
      string(b, value.toString());
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
