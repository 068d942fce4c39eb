package dev.fieldcrypt.boot.app;

import dev.fieldcrypt.jobs.JobInfo;
import dev.fieldcrypt.jobs.JobOptions;
import dev.fieldcrypt.jobs.ReencryptJobs;
import dev.fieldcrypt.jobs.hibernate.HibernateTargets;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.springframework.stereotype.Service;

/**
 * README's "Quick start (Spring Boot)" example, verbatim: re-encrypts customers after a rotation.
 */
@Service
class CustomerRotation {
  private final ReencryptJobs jobs;
  private final JobOptions options; // fieldcrypt.jobs.batch-size, .workers, …
  private final SessionFactory sessionFactory;

  CustomerRotation(ReencryptJobs jobs, JobOptions options, EntityManagerFactory emf) {
    this.jobs = jobs;
    this.options = options;
    this.sessionFactory = emf.unwrap(SessionFactory.class);
  }

  JobInfo reencrypt() {
    return jobs.startOrResume(HibernateTargets.of(sessionFactory, Customer.class), options);
  }
}
