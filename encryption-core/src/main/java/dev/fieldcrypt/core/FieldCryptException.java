package dev.fieldcrypt.core;

/**
 * The old spelling of {@link FieldcryptException}, kept so that {@code catch (FieldCryptException
 * e)} written against earlier versions still catches every exception fieldcrypt throws: it is the
 * super-class of {@link FieldcryptException}, and nothing else extends it.
 *
 * @deprecated catch or extend {@link FieldcryptException} instead; this class will be removed.
 */
@Deprecated
public class FieldCryptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @deprecated throw a subclass of {@link FieldcryptException} instead.
   */
  @Deprecated
  public FieldCryptException(String message) {
    super(message);
  }

  /**
   * @deprecated throw a subclass of {@link FieldcryptException} instead.
   */
  @Deprecated
  public FieldCryptException(String message, Throwable cause) {
    super(message, cause);
  }
}
