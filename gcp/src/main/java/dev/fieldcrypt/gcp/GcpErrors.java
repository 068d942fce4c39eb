package dev.fieldcrypt.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.fieldcrypt.gcp.GcpSecretManagerException.Reason;

/**
 * Gives Secret Manager's failures their meaning, in one place: the reason, and a message naming the
 * resource, the call, the status and the remedy. The server's description, the SDK exception and
 * its cause are dropped on purpose: they may quote a token or a request, and a message must never
 * hold a credential or a payload. Only the status code and the {@code ErrorInfo} reason (an
 * upper-case word such as {@code SERVICE_DISABLED}) are kept.
 */
final class GcpErrors {
  private GcpErrors() {}

  /** The exception for {@code e}, thrown by the call {@code what} on {@code resource}. */
  static GcpSecretManagerException of(
      ApiException e, String what, String resource, GcpSettings settings) {
    StatusCode.Code code = e.getStatusCode().getCode();
    String head =
        "Secret Manager answered "
            + code
            + detail(e)
            + " to the "
            + what
            + " of "
            + resource
            + ": ";
    String retried =
        " (tried up to "
            + settings.maxAttempts()
            + " time(s) within "
            + settings.timeout().toMillis()
            + " ms; "
            + GcpSettings.MAX_ATTEMPTS
            + ", "
            + GcpSettings.TIMEOUT_MS
            + ")";
    switch (code) {
      case PERMISSION_DENIED:
        return new GcpSecretManagerException(
            Reason.PERMISSION_DENIED,
            head
                + "the Application Default Credentials' identity may not do this. Grant it"
                + " roles/secretmanager.secretAccessor on the secret to read it (and"
                + " roles/secretmanager.secretVersionAdder plus secretmanager.secrets.update to"
                + " write it"
                + (what.startsWith("creation")
                    ? "; creating the secret needs secretmanager.secrets.create on the project, or"
                        + " create it first with 'gcloud secrets create'"
                    : "")
                + "), and check that the Secret Manager API is enabled in the project.");
      case NOT_FOUND:
        return new GcpSecretManagerException(
            Reason.NOT_FOUND,
            head
                + "no such secret or version. Check the project and secret in the URI"
                + " gcp-sm:projects/PROJECT/secrets/SECRET ('gcloud secrets describe SECRET"
                + " --project PROJECT'), or create the keyring with 'fieldcrypt generate"
                + " --keyring gcp-sm:…'.");
      case RESOURCE_EXHAUSTED:
        return new GcpSecretManagerException(
            Reason.THROTTLED,
            head
                + "a quota or rate limit refused it"
                + retried
                + ". Wait and run again, refresh the keyring less often, or raise the project's"
                + " Secret Manager quota.");
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
        return new GcpSecretManagerException(
            Reason.UNREACHABLE,
            head
                + "the service could not be reached"
                + retried
                + ". Check the network path to "
                + endpoint(settings)
                + " (firewall, proxy, Private Google Access); a live keyring keeps serving the"
                + " last keyring it loaded meanwhile.");
      case UNAUTHENTICATED:
        return unauthenticated(head + "the credentials were refused or have expired. ");
      case FAILED_PRECONDITION:
        return new GcpSecretManagerException(
            Reason.VERSION_NOT_ENABLED,
            head
                + "the version is disabled or destroyed. Enable it ('gcloud secrets versions"
                + " enable'), or add a good version with 'fieldcrypt restore-config --keyring"
                + " gcp-sm:…'.");
      default:
        return new GcpSecretManagerException(
            Reason.SERVICE_ERROR,
            head + "Secret Manager failed; run again, and check the service's status" + retried);
    }
  }

  /** Where fieldcrypt's Google credentials come from, and how to provide them. */
  static final String ADC_REMEDY =
      "fieldcrypt uses Application Default Credentials only: on Google Cloud attach a"
          + " service account (workload identity on GKE), elsewhere set"
          + " GOOGLE_APPLICATION_CREDENTIALS to a credentials file or run 'gcloud auth"
          + " application-default login'.";

  /** No Application Default Credentials, or they could not produce a token. */
  static GcpSecretManagerException unauthenticated(String head) {
    return new GcpSecretManagerException(Reason.UNAUTHENTICATED, head + ADC_REMEDY);
  }

  private static String endpoint(GcpSettings settings) {
    return settings.endpoint() == null
        ? "secretmanager.googleapis.com:443"
        : settings.endpoint() + " (" + GcpSettings.ENDPOINT + ")";
  }

  private static String detail(ApiException e) {
    String reason = e.getReason();
    return reason != null && reason.matches("[A-Z][A-Z0-9_]{0,63}") ? " (" + reason + ")" : "";
  }
}
