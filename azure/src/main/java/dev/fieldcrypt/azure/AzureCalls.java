package dev.fieldcrypt.azure;

import dev.fieldcrypt.core.FieldcryptException;
import java.util.function.Supplier;

/** Runs one SDK call and translates what it throws with {@link AzureErrors}. */
final class AzureCalls {
  private AzureCalls() {}

  static <T> T call(String action, VaultObject address, AzureSettings settings, Supplier<T> call) {
    try {
      return call.get();
    } catch (FieldcryptException e) {
      throw e;
    } catch (RuntimeException e) {
      throw AzureErrors.translate(e, action, address, settings);
    }
  }
}
