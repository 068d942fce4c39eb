package dev.fieldcrypt.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code fieldcrypt.*} settings of a Spring Boot application. Immutable; bound once at start.
 *
 * <pre>{@code
 * fieldcrypt.keyring.file=/run/secrets/env.crypto
 * fieldcrypt.jobs.batch-size=1000
 * }</pre>
 *
 * @param keyring where the keys come from ({@code fieldcrypt.keyring.*})
 * @param jobs the re-encryption jobs' table set-up and default options ({@code fieldcrypt.jobs.*})
 */
@ConfigurationProperties("fieldcrypt")
public record FieldcryptProperties(@DefaultValue Keyring keyring, @DefaultValue Jobs jobs) {

  /**
   * Where the one {@code FieldCipher} of the application gets its keys. With none of them set,
   * {@code .env.crypto} in the working directory, loaded once.
   *
   * @param file Path of a dotenv keyring file (.env.crypto), loaded once unless a refresh interval
   *     is set. Environment variables of the same names override its entries.
   * @param uri Key source URI of a live keyring: file:PATH, encrypted-file:PATH, vault:PATH,
   *     aws-sm:NAME, azure-kv:NAME, gcp-sm:NAME. Not combinable with file.
   * @param refreshInterval How often a live keyring reloads its source (default 60s with a URI);
   *     set with a file, it makes that file live. 0 = on-demand refreshes only.
   * @param onDemandMinInterval Least time between two on-demand refreshes, which a value under a
   *     version the keyring lacks triggers (default 5s).
   * @param allowInsecurePermissions Whether to accept a keyring file that its group or others can
   *     access. Only where the platform cannot set mode 600.
   */
  public record Keyring(
      String file,
      String uri,
      Duration refreshInterval,
      Duration onDemandMinInterval,
      @DefaultValue("false") boolean allowInsecurePermissions) {}

  /**
   * The re-encryption jobs.
   *
   * @param initializeSchema Whether to create or upgrade fieldcrypt's job tables at start-up (with
   *     their own history table fieldcrypt_schema_history, after the application's Flyway).
   * @param batchSize Rows read per page by a job.
   * @param commitEvery Rows rewritten per committed transaction.
   * @param workers Worker threads per job in this process.
   * @param leaseTimeout How long a silent worker keeps its chunk before another takes it over.
   * @param maxErrors Undecryptable values after which a job fails; unset = no limit.
   */
  public record Jobs(
      @DefaultValue("true") boolean initializeSchema,
      @DefaultValue("500") int batchSize,
      @DefaultValue("1000") int commitEvery,
      @DefaultValue("1") int workers,
      @DefaultValue("60s") Duration leaseTimeout,
      Integer maxErrors) {}
}
