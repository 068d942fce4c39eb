package dev.fieldcrypt.cli.options;

import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.jobs.JobStatus;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --status}, so that an unknown status is a usage error (exit 2). */
public final class JobStatusConverter implements ITypeConverter<JobStatus> {
  @Override
  public JobStatus convert(String value) {
    try {
      return JobStatus.parse(value);
    } catch (InvalidArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
