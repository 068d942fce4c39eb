package dev.fieldcrypt.aws;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What a fake AWS JSON 1.1 server received: call counts per operation and every body. */
final class RequestLog {
  /** One request: the operation its {@code X-Amz-Target} names, and its body. */
  record Request(String operation, String body) {}

  private final String targetPrefix;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

  /** {@code targetPrefix}: {@code secretsmanager.} or {@code TrentService.}. */
  RequestLog(String targetPrefix) {
    this.targetPrefix = targetPrefix;
  }

  /** Reads and records the request of {@code x}. */
  Request record(HttpExchange x) throws IOException {
    String target = String.valueOf(x.getRequestHeaders().getFirst("X-Amz-Target"));
    String op = target.startsWith(targetPrefix) ? target.substring(targetPrefix.length()) : target;
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    bodies.add(body);
    calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
    return new Request(op, body);
  }

  int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  List<String> bodies() {
    return List.copyOf(bodies);
  }
}
