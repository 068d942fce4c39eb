package dev.fieldcrypt.core;

import dev.fieldcrypt.core.internal.AesGcm;
import dev.fieldcrypt.core.internal.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version's material and its caches of per-context keys: the AES data keys of the randomized
 * mode and the HMAC keys of blind indexes, each derived once by HKDF under its own info prefix (so
 * the two never coincide) and kept while the version stays in the keyring.
 */
final class VersionKeys {
  private static final Logger log = LoggerFactory.getLogger(VersionKeys.class);

  /** Prefix of the HKDF info of the randomized AES-256-GCM mode. */
  static final String DATA_KEY_INFO_PREFIX = "fieldcrypt:aes-256-gcm:";

  /** Prefix of the HKDF info of blind-index keys. */
  static final String SEARCH_KEY_INFO_PREFIX = "fieldcrypt:blind-index:hmac-sha256:";

  /** Keys cached per version and kind; past this, the cache evicts and a warning is logged once. */
  static final int MAX_CACHED_CONTEXTS = 10_000;

  /**
   * A derived AES key, the associated data for one context, and a cipher per thread for this key
   * (see {@link AesGcm}: re-keying a cipher costs a key expansion).
   */
  record DataKey(String context, SecretKey key, byte[] aad, ThreadLocal<Cipher> cipher) {
    DataKey(String context, SecretKey key, byte[] aad) {
      this(context, key, aad, ThreadLocal.withInitial(AesGcm::newCipher));
    }
  }

  final KeyVersion version;
  final String label;
  private final byte[] ikm;
  private final byte[] salt;
  private final ConcurrentHashMap<String, DataKey> byContext = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SecretKey> searchKeys = new ConcurrentHashMap<>();
  private final AtomicBoolean warnedFull = new AtomicBoolean();

  /**
   * The data key used last. Callers such as the Hibernate converter pass the same context String
   * instance every time, so an identity check skips the map lookup; a racy read is safe, since a
   * record's fields are final.
   */
  private DataKey last;

  VersionKeys(KeyVersion v) {
    this.version = v;
    this.label = v.label();
    this.ikm = v.key();
    this.salt = v.salt();
  }

  DataKey dataKey(String context) {
    DataKey recent = last;
    if (recent != null && recent.context == context) {
      return recent;
    }
    checkContext(context);
    DataKey dk = byContext.get(context);
    if (dk != null) {
      last = dk;
      return dk;
    }
    return cached(byContext, context, this::deriveDataKey);
  }

  /** The HMAC-SHA256 key of this version's blind indexes in {@code context}. */
  SecretKey searchKey(String context) {
    checkContext(context);
    SecretKey k = searchKeys.get(context);
    return k != null ? k : cached(searchKeys, context, this::deriveSearchKey);
  }

  private static void checkContext(String context) {
    if (context == null || context.isEmpty()) {
      throw new InvalidArgumentException(
          "context must be a non-empty string such as 'table.column'");
    }
  }

  private <V> V cached(
      ConcurrentHashMap<String, V> cache, String context, Function<String, V> derive) {
    if (cache.size() >= MAX_CACHED_CONTEXTS) {
      // Bounded: evict one entry for the new one, and say so once per version, not per call.
      Iterator<String> any = cache.keySet().iterator();
      if (any.hasNext()) {
        cache.remove(any.next());
      }
      if (!warnedFull.getAndSet(true)) {
        log.warn(
            "more than {} distinct contexts for key version {}; its key cache now evicts"
                + " (contexts are meant to be table.column names, a bounded set)",
            MAX_CACHED_CONTEXTS,
            label);
      }
    }
    return cache.computeIfAbsent(context, derive);
  }

  private DataKey deriveDataKey(String context) {
    byte[] key = derive(DATA_KEY_INFO_PREFIX, context);
    try {
      return new DataKey(
          context, new SecretKeySpec(key, "AES"), context.getBytes(StandardCharsets.UTF_8));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private SecretKey deriveSearchKey(String context) {
    byte[] key = derive(SEARCH_KEY_INFO_PREFIX, context);
    try {
      return new SecretKeySpec(key, "HmacSHA256");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private byte[] derive(String infoPrefix, String context) {
    byte[] info = (infoPrefix + context).getBytes(StandardCharsets.UTF_8);
    return Hkdf.sha256(ikm, salt, info, KeyVersion.KEY_BYTES);
  }
}
