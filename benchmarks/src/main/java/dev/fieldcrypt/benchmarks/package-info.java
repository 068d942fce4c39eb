/**
 * JMH benchmarks of {@link dev.fieldcrypt.core.FieldCipher} against the JDK's raw AES-GCM, Google
 * Tink and Jasypt, and of key rotation at read time. Run from the uber jar, {@code java -jar
 * benchmarks/target/benchmarks.jar}; never run by {@code mvn verify}. Results and commands are in
 * {@code docs/performance.md}.
 */
package dev.fieldcrypt.benchmarks;
