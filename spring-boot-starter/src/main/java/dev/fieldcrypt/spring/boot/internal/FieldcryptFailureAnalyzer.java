package dev.fieldcrypt.spring.boot.internal;

import dev.fieldcrypt.core.FieldcryptException;
import dev.fieldcrypt.core.KeyringConfigException;
import dev.fieldcrypt.db.FieldcryptSchemaException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a fieldcrypt error anywhere in a startup failure's causes (a keyring that cannot be loaded,
 * an unsupported Hibernate ORM, the job tables) into Boot's one "APPLICATION FAILED TO START"
 * report: fieldcrypt's own message, which names the source and the property, and the remedy.
 * fieldcrypt's messages never hold a key, a salt, a plaintext or a ciphertext.
 */
public final class FieldcryptFailureAnalyzer extends AbstractFailureAnalyzer<FieldcryptException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, FieldcryptException cause) {
    return new FailureAnalysis("fieldcrypt: " + cause.getMessage(), action(cause), cause);
  }

  private static String action(FieldcryptException cause) {
    if (cause instanceof KeyringConfigException) {
      return "Point fieldcrypt.keyring.file at a readable keyring file (mode 600, owned by the"
          + " application user), or fieldcrypt.keyring.uri at a key source (file:, encrypted-file:,"
          + " vault:, aws-sm:, azure-kv:, gcp-sm:). Create a keyring with 'fieldcrypt generate';"
          + " 'fieldcrypt validate-config' checks one.";
    }
    if (cause instanceof FieldcryptSchemaException) {
      return "Check the DataSource and that its user may create tables in the current schema, or"
          + " set fieldcrypt.jobs.initialize-schema=false and create fieldcrypt's job tables"
          + " yourself (classpath:db/fieldcrypt/migration).";
    }
    String message = String.valueOf(cause.getMessage());
    if (message.startsWith("Hibernate ORM") || message.contains("with Hibernate ORM")) {
      return "Use a Hibernate ORM that fieldcrypt supports: leave hibernate-core's version to"
          + " Spring Boot's dependency management (Boot 3.5 brings 6.6, Boot 4.0 brings 7.2) and"
          + " remove any hibernate.version override; 'mvn dependency:tree' shows which one wins.";
    }
    return "See the message above; fieldcrypt's configuration reference is docs/configuration.md.";
  }
}
