package dev.fieldcrypt.spring.boot.internal;

import dev.fieldcrypt.core.LiveKeyring;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Gauges read from {@link LiveKeyring#status()} at each scrape (a volatile read, no I/O): whether
 * the keyring served is stale (its latest reload failed), how long since the last successful load,
 * and how many versions it holds. Labels and times only, never key material; no tag carries a
 * version label, so a rotation does not start new series.
 */
public final class LiveKeyringMetrics implements MeterBinder {
  private final LiveKeyring live;

  public LiveKeyringMetrics(LiveKeyring live) {
    this.live = live;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("fieldcrypt.keyring.stale", live, l -> l.status().stale() ? 1 : 0)
        .description(
            "1 while the latest reload of the live keyring failed (the last good one is served)")
        .register(registry);
    TimeGauge.builder(
            "fieldcrypt.keyring.age",
            live,
            TimeUnit.MILLISECONDS,
            l -> l.status().age(Instant.now()).toMillis())
        .description("time since the live keyring last loaded its source successfully")
        .register(registry);
    Gauge.builder("fieldcrypt.keyring.versions", live, l -> l.status().versions().size())
        .description("key versions the live keyring holds, retained ones included")
        .register(registry);
  }
}
