package dev.fieldcrypt.gcp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fieldcrypt.gcp.GcpKmsException.Reason;

/**
 * Gives Cloud KMS's failures their meaning, in one place: the reason, and a message naming the key,
 * the call, the status and the remedy. Of an error answer ({@code {"error": {"code", "message",
 * "status"}}}, the google.rpc.Status mapping of https://cloud.google.com/apis/design/errors) only
 * the HTTP code and the upper-case status are kept: the server's message may quote a request, and a
 * message must never hold a credential or key material. Stateless.
 */
final class KmsErrors {
  private KmsErrors() {}

  /** The status word of an error answer: its {@code error.status}, else the HTTP code's. */
  static String status(int code, String body) {
    try {
      JsonElement e = JsonParser.parseString(body == null ? "" : body);
      if (e.isJsonObject() && e.getAsJsonObject().get("error") instanceof JsonObject error) {
        JsonElement s = error.get("status");
        if (s != null && s.isJsonPrimitive() && s.getAsString().matches("[A-Z][A-Z_]{0,40}")) {
          return s.getAsString();
        }
      }
    } catch (RuntimeException notJson) {
      // a proxy's HTML page, an empty body: the HTTP code tells what it can
    }
    return switch (code) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 501 -> "NOT_IMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> code >= 500 ? "INTERNAL" : "UNKNOWN";
    };
  }

  /** The exception for an error answer to {@code method} after {@code attempts} attempts. */
  static GcpKmsException of(
      int code,
      String status,
      String method,
      CryptoKeyName key,
      GcpKmsSettings settings,
      int attempts) {
    String head =
        "Cloud KMS answered HTTP "
            + code
            + " "
            + status
            + " to the "
            + method
            + " call on "
            + subject(key)
            + tried(attempts)
            + ": ";
    return switch (status) {
      case "PERMISSION_DENIED" ->
          new GcpKmsException(
              Reason.PERMISSION_DENIED,
              head
                  + "the identity of the Application Default Credentials may not use this key (or"
                  + " the key does not exist). Grant it "
                  + role(method)
                  + " on the key ('gcloud kms keys add-iam-policy-binding "
                  + key.key()
                  + " "
                  + key.gcloudFlags()
                  + " --member serviceAccount:SA --role "
                  + role(method)
                  + "'; an operator who writes the file needs"
                  + " roles/cloudkms.cryptoKeyEncrypterDecrypter), and check that the Cloud KMS API is"
                  + " enabled in the project.");
      case "NOT_FOUND" ->
          new GcpKmsException(
              Reason.NOT_FOUND,
              head
                  + "no such project, location, key ring or key. Check the name ('gcloud kms keys"
                  + " list "
                  + key.gcloudFlags()
                  + "'), or create the key with 'gcloud kms keys create "
                  + key.key()
                  + " "
                  + key.gcloudFlags()
                  + " --purpose=encryption'.");
      case "UNAUTHENTICATED" -> unauthenticated(head + "the access token was refused or expired. ");
      case "FAILED_PRECONDITION" ->
          new GcpKmsException(
              Reason.KEY_NOT_ENABLED,
              head
                  + "the key version is disabled or destroyed, or the key is not a symmetric"
                  + " (--purpose=encryption) key. See 'gcloud kms keys versions list --key "
                  + key.key()
                  + " "
                  + key.gcloudFlags()
                  + "', enable the version ('gcloud kms keys versions enable') or restore it"
                  + " ('… versions restore') while it is scheduled for destruction.");
      case "INVALID_ARGUMENT" ->
          method.equals("decrypt")
              ? new GcpKmsException(
                  Reason.INVALID_CIPHERTEXT,
                  head
                      + "the file's wrapped data key is not this key's data key or a damaged file"
                      + " (another key, a changed header). Check the key the header names, or"
                      + " restore the file from a backup.")
              : new GcpKmsException(
                  Reason.SERVICE_ERROR,
                  head
                      + "Cloud KMS refused the request; check that the key's purpose is"
                      + " ENCRYPT_DECRYPT (--purpose=encryption).");
      case "RESOURCE_EXHAUSTED" ->
          new GcpKmsException(
              Reason.THROTTLED,
              head
                  + "a quota or rate limit refused it"
                  + retries()
                  + ". Wait and run again, or raise the project's Cloud KMS quota (cryptographic"
                  + " requests per minute).");
      case "UNAVAILABLE", "DEADLINE_EXCEEDED" ->
          new GcpKmsException(
              Reason.UNREACHABLE,
              head
                  + "Cloud KMS is unavailable"
                  + retries()
                  + ". Run again later, and check the status of the service at "
                  + endpoint(settings)
                  + "; a live keyring keeps serving the keyring it loaded meanwhile.");
      default ->
          new GcpKmsException(
              Reason.SERVICE_ERROR,
              head
                  + "Cloud KMS failed; run again, and check the service's status"
                  + retries()
                  + ".");
    };
  }

  /** No answer at all after {@code attempts} attempts: refused connections, resets, timeouts. */
  static GcpKmsException unreachable(
      String method, CryptoKeyName key, GcpKmsSettings settings, int attempts, Exception e) {
    return new GcpKmsException(
        Reason.UNREACHABLE,
        "cannot reach Cloud KMS at "
            + endpoint(settings)
            + " for the "
            + method
            + " call on "
            + subject(key)
            + tried(attempts)
            + " ("
            + e.getClass().getSimpleName()
            + "). Check the network path (firewall, proxy, Private Google Access)"
            + retries()
            + "; an application cannot open the keyring file until it answers, and a live"
            + " keyring keeps serving the keyring it loaded meanwhile.");
  }

  /** The answer lacks a documented field, or a checksum does not match. */
  static GcpKmsException damaged(String method, CryptoKeyName key, String what) {
    return new GcpKmsException(
        Reason.DAMAGED_RESPONSE,
        "the answer of Cloud KMS to the "
            + method
            + " call on "
            + subject(key)
            + " "
            + what
            + "; something between fieldcrypt and Cloud KMS changed it (a proxy, a faulty link)."
            + " Run again; if it persists, check the endpoint ("
            + GcpSettings.KMS_ENDPOINT
            + ").");
  }

  /** No Application Default Credentials, or they could not produce a token. */
  static GcpKmsException unauthenticated(String head) {
    return new GcpKmsException(Reason.UNAUTHENTICATED, head + GcpErrors.ADC_REMEDY);
  }

  static String subject(CryptoKeyName key) {
    return "gcp-kms:" + key;
  }

  private static String role(String method) {
    return method.equals("encrypt")
        ? "roles/cloudkms.cryptoKeyEncrypter"
        : "roles/cloudkms.cryptoKeyDecrypter";
  }

  private static String tried(int attempts) {
    return " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)");
  }

  private static String retries() {
    return " (retries: "
        + GcpSettings.MAX_ATTEMPTS
        + ", "
        + GcpSettings.INITIAL_BACKOFF_MS
        + ", "
        + GcpSettings.TIMEOUT_MS
        + ")";
  }

  private static String endpoint(GcpKmsSettings settings) {
    String e = settings.endpoint().toString();
    return e.equals(GcpKmsSettings.DEFAULT_ENDPOINT)
        ? e
        : e + " (" + GcpSettings.KMS_ENDPOINT + ")";
  }
}
