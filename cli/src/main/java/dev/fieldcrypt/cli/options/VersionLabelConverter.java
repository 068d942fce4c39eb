package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.core.KeyVersion;
import dev.fieldcrypt.core.KeyringConfigException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Checks a key version label on the command line, so a bad one is a usage error (exit 2). */
public final class VersionLabelConverter implements ITypeConverter<String> {
  @Override
  public String convert(String value) {
    try {
      return KeyVersion.checkLabel(value);
    } catch (KeyringConfigException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
