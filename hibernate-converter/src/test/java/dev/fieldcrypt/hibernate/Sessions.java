package dev.fieldcrypt.hibernate;

import dev.fieldcrypt.testing.TestDatabase;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/** Builds SessionFactories for the tests. */
final class Sessions {
  private Sessions() {}

  static SessionFactory build(TestDatabase db, Map<String, Object> settings, Class<?>... entities) {
    StandardServiceRegistryBuilder b =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.url", db.url())
            .applySetting("hibernate.connection.username", db.user())
            .applySetting("hibernate.connection.password", db.password())
            .applySetting("hibernate.hbm2ddl.auto", "update")
            .applySetting("hibernate.connection.pool_size", "2");
    settings.forEach(b::applySetting);
    StandardServiceRegistry registry = b.build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      for (Class<?> e : entities) {
        sources.addAnnotatedClass(e);
      }
      return sources.buildMetadata().buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }
}
