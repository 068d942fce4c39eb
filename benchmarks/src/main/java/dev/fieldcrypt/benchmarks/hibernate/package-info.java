/**
 * The Hibernate overhead harness: persist and load the same entities with and without {@code
 * Encrypted} fields on H2 and PostgreSQL. Run {@code java -cp benchmarks/target/benchmarks.jar
 * dev.fieldcrypt.benchmarks.hibernate.HibernateOverhead --help}.
 */
package dev.fieldcrypt.benchmarks.hibernate;
