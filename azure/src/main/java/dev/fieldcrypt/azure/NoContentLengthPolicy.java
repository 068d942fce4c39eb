package dev.fieldcrypt.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/**
 * Drops the {@code Content-Length} header before a request reaches the JDK HTTP client, which sets
 * it itself from the body and refuses to take it from the caller ({@code java.net.http} restricts
 * it): the SDK's adapter then logs a warning on every request, so a keyring refreshed every minute
 * would fill the application's log. Runs after the retry and authentication policies, on every
 * attempt.
 */
final class NoContentLengthPolicy implements HttpPipelinePolicy {
  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    context.getHttpRequest().getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
    return next.process();
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    context.getHttpRequest().getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
    return next.processSync();
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }
}
