package dev.fieldcrypt.boot.app;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's derived query; fieldcrypt rewrites its equality to the search index. */
public interface CustomerRepository extends JpaRepository<Customer, Long> {
  Optional<Customer> findByEmail(String email);
}
