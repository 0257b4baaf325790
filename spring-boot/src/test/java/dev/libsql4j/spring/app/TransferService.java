package dev.libsql4j.spring.app;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class TransferService {
    private final AccountRepository accounts;

    public TransferService(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** Moves money; with {@code failAfterDebit} it throws after both updates were flushed. */
    @Transactional
    public void transfer(String from, String to, long amount, boolean failAfterDebit) {
        Account a = accounts.findByOwner(from).orElseThrow();
        Account b = accounts.findByOwner(to).orElseThrow();
        a.setBalance(a.getBalance() - amount);
        b.setBalance(b.getBalance() + amount);
        accounts.flush();
        if (failAfterDebit) {
            throw new IllegalStateException("simulated failure after the transfer was written");
        }
    }
}
