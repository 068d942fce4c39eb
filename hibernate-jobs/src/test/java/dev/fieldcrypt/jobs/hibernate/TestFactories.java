package dev.fieldcrypt.jobs.hibernate;

import dev.fieldcrypt.core.Keyring;
import dev.fieldcrypt.hibernate.FieldcryptSettings;
import dev.fieldcrypt.testing.TestDatabase;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/** SessionFactories of the tests: one database, one keyring, the entities given. */
final class TestFactories {
  private TestFactories() {}

  static SessionFactory build(TestDatabase db, Keyring keyring, Class<?>... entities) {
    var registry =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.url", db.url())
            .applySetting("hibernate.connection.username", db.user())
            .applySetting("hibernate.connection.password", db.password())
            .applySetting("hibernate.hbm2ddl.auto", "update")
            .applySetting("hibernate.connection.pool_size", "4")
            .applySetting(FieldcryptSettings.KEYRING, keyring)
            .build();
    MetadataSources sources = new MetadataSources(registry);
    for (Class<?> e : entities) {
      sources.addAnnotatedClass(e);
    }
    return sources.buildMetadata().buildSessionFactory();
  }
}
