package dev.libsql4j.spring.app;

import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AccountRepository extends JpaRepository<Account, Long> {
    Optional<Account> findByOwner(String owner);

    Page<Account> findByOwnerStartingWith(String prefix, Pageable page);
}
