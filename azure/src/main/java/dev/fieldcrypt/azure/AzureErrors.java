package dev.fieldcrypt.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import dev.fieldcrypt.azure.AzureKeyVaultException.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the Azure SDK throws into one {@link AzureKeyVaultException} per cause, with the vault
 * URL, the secret, what was being done and the remedy. Only the service's error code (a word such
 * as {@code ForbiddenByRbac}) is copied from a response, never its text: an error body never holds
 * a secret value, but a message is safest when it holds nothing it did not choose.
 */
final class AzureErrors {
  private static final Pattern CODE =
      Pattern.compile("\"code\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"");

  private AzureErrors() {}

  /**
   * The error for {@code e}, thrown while doing {@code action} ("reading", "writing a new version
   * of", "listing the versions of") on {@code address}.
   */
  static AzureKeyVaultException translate(
      RuntimeException e, String action, VaultObject address, AzureSettings settings) {
    String where = action + " " + address.subject();
    if (e instanceof ClientAuthenticationException || status(e) == 401) {
      return new AzureKeyVaultException(
          Failure.AUTHENTICATION,
          "Azure Key Vault refused to authenticate the caller while "
              + where
              + detail(e)
              + ". fieldcrypt signs in with DefaultAzureCredential only: give the workload a"
              + " managed identity or workload identity (AZURE_CLIENT_ID, AZURE_TENANT_ID,"
              + " AZURE_FEDERATED_TOKEN_FILE), or run 'az login' on an operator's machine, and"
              + " check that the identity's tenant is the vault's.",
          e);
    }
    int status = status(e);
    String code = code(e);
    if (status == 403) {
      return new AzureKeyVaultException(
          Failure.PERMISSION_DENIED,
          "Azure Key Vault denied "
              + where
              + " (403"
              + code
              + "). "
              + address.roles()
              + " For ForbiddenByFirewall allow the caller's network or private endpoint.",
          e);
    }
    if (status == 404) {
      return notFound(action, address, e);
    }
    if (status == 409) {
      return new AzureKeyVaultException(
          Failure.CONFLICT_STATE,
          "Azure Key Vault refused "
              + where
              + " (409"
              + code
              + "): the "
              + address.kind()
              + " is probably deleted but recoverable (soft delete). Recover it (az keyvault "
              + address.kind()
              + " recover --vault-name "
              + address.vaultName()
              + " --name "
              + address.name()
              + ") or purge it, then run the command again.",
          e);
    }
    if (status == 400) {
      return new AzureKeyVaultException(
          Failure.REJECTED,
          "Azure Key Vault rejected "
              + where
              + " as invalid (400"
              + code
              + "): a value too large for the vault (a secret holds at most 25 KB: remove retired"
              + " key versions), or wrapped bytes that this key version did not make or that are"
              + " damaged.",
          e);
    }
    if (status == 429) {
      return new AzureKeyVaultException(
          Failure.THROTTLED,
          "Azure Key Vault throttled "
              + where
              + " (429"
              + code
              + ") through "
              + retries(settings)
              + ". Another client is using the vault's request limit: read the keyring"
              + " less often, or raise "
              + AzureSettings.MAX_RETRIES
              + " / "
              + AzureSettings.MAX_RETRY_DELAY_MS
              + ".",
          e);
    }
    if (status > 0) {
      return new AzureKeyVaultException(
          Failure.SERVICE_ERROR,
          "Azure Key Vault answered "
              + status
              + code.replaceFirst("^,", "")
              + " while "
              + where
              + " through "
              + retries(settings)
              + ". Try again later; the Azure status page tells whether Key Vault is"
              + " degraded in the vault's region.",
          e);
    }
    if (isUnreachable(e)) {
      return unreachable(e, where, settings);
    }
    if (isForeignChallenge(e)) {
      return new AzureKeyVaultException(
          Failure.AUTHENTICATION,
          "the server at "
              + address.vaultUrl()
              + " asked for a token of another resource than its own host while "
              + where
              + ", so no token was sent. Check that the URL names the vault itself"
              + " (https://<vault>.vault.azure.net, or the vault's sovereign-cloud or managed HSM"
              + " host), not a proxy or an alias.",
          e);
    }
    return new AzureKeyVaultException(
        Failure.SERVICE_ERROR,
        "Azure Key Vault failed while " + where + " (" + e.getClass().getSimpleName() + ").",
        e);
  }

  /** The secret does not exist (a 404, or no version to read), with how to create it. */
  static AzureKeyVaultException notFound(String action, VaultObject address, Throwable cause) {
    return new AzureKeyVaultException(
        Failure.NOT_FOUND,
        "Azure Key Vault has no "
            + address.kind()
            + " "
            + address.name()
            + " in "
            + address.vaultUrl()
            + " (404"
            + (cause instanceof RuntimeException r ? code(r) : "")
            + ") while "
            + action
            + " "
            + address.subject()
            + ". "
            + address.createHint(),
        cause);
  }

  private static AzureKeyVaultException unreachable(
      RuntimeException e, String where, AzureSettings settings) {
    return new AzureKeyVaultException(
        Failure.UNREACHABLE,
        "Azure Key Vault cannot be reached while "
            + where
            + " ("
            + rootName(e)
            + ", after "
            + retries(settings)
            + "). Check the vault's name, DNS (private endpoints resolve through"
            + " privatelink.vaultcore.azure.net), the firewall and HTTPS_PROXY; "
            + AzureSettings.TIMEOUT_MS
            + " sets the timeout of one attempt.",
        e);
  }

  private static String retries(AzureSettings settings) {
    return settings.maxRetries() + (settings.maxRetries() == 1 ? " retry" : " retries");
  }

  private static int status(Throwable e) {
    if (e instanceof HttpResponseException h && h.getResponse() != null) {
      return h.getResponse().getStatusCode();
    }
    return -1;
  }

  /** {@code ", SecretNotFound"}, or empty when the response named no code. */
  private static String code(RuntimeException e) {
    String message = e.getMessage();
    Matcher m = message == null ? null : CODE.matcher(message);
    return m != null && m.find() ? ", " + m.group(1) : "";
  }

  /** The credential's own reason, when it is not an HTTP answer: which credentials were tried. */
  private static String detail(RuntimeException e) {
    if (status(e) > 0) {
      return " (401" + code(e) + ")";
    }
    return " (" + e.getClass().getSimpleName() + ": " + Redaction.firstLine(e.getMessage()) + ")";
  }

  /**
   * The SDK's refusal of a challenge whose resource is not the vault's domain (no type of its own).
   */
  private static boolean isForeignChallenge(RuntimeException e) {
    String m = e.getMessage();
    return m != null && m.contains("challenge resource") && m.contains("does not match");
  }

  private static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException
          || t instanceof UncheckedIOException
          || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String rootName(Throwable e) {
    Throwable last = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        last = t;
      }
    }
    return last.getClass().getSimpleName();
  }
}
