package dev.fieldcrypt.cli.output;

import java.io.Console;
import java.lang.reflect.Method;

/** Where confirmation prompts are asked. Absent when the process has no interactive terminal. */
public interface Terminal {

  /** Shows {@code prompt} and reads one line; null at end of input. */
  public String readLine(String prompt);

  /** The process's terminal, or null when stdin/stdout are not one (pipes, CI, cron). */
  public static Terminal system() {
    Console console = System.console();
    if (console == null || !isTerminal(console)) {
      return null;
    }
    return prompt -> console.readLine("%s", prompt);
  }

  private static boolean isTerminal(Console console) {
    // From Java 22 System.console() can return a Console for redirected streams too; ask it.
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 17-21: a non-null console is a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
