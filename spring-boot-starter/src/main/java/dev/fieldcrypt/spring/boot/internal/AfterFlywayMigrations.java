package dev.fieldcrypt.spring.boot.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Makes the beans named here depend on Spring Boot's Flyway migration initializer(s), so that
 * fieldcrypt's tables are created after the application's own migrations, which keep running as
 * before (fieldcrypt defines no {@code Flyway} bean, which would make Boot's back off). The
 * initializer is named by class name: it lives in {@code org.springframework.boot.autoconfigure
 * .flyway} on Boot 3 and in {@code org.springframework.boot.flyway.autoconfigure} on Boot 4.
 */
public final class AfterFlywayMigrations implements BeanFactoryPostProcessor {
  static final List<String> INITIALIZERS =
      List.of(
          "org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer",
          "org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer");

  private final String[] dependents;

  public AfterFlywayMigrations(String... dependents) {
    this.dependents = dependents.clone();
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    ClassLoader loader = beanFactory.getBeanClassLoader();
    List<String> flyway = new ArrayList<>();
    for (String name : INITIALIZERS) {
      if (ClassUtils.isPresent(name, loader)) {
        Class<?> type = ClassUtils.resolveClassName(name, loader);
        flyway.addAll(Arrays.asList(beanFactory.getBeanNamesForType(type, true, false)));
      }
    }
    if (flyway.isEmpty()) {
      return;
    }
    for (String dependent : dependents) {
      if (beanFactory.containsBeanDefinition(dependent)) {
        BeanDefinition definition = beanFactory.getBeanDefinition(dependent);
        List<String> dependsOn = new ArrayList<>();
        if (definition.getDependsOn() != null) {
          dependsOn.addAll(Arrays.asList(definition.getDependsOn()));
        }
        dependsOn.addAll(flyway);
        definition.setDependsOn(dependsOn.toArray(String[]::new));
      }
    }
  }
}
