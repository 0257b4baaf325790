ALTER TABLE accounts ADD COLUMN email TEXT;
UPDATE accounts SET email = owner || '@example.com';
UPDATE accounts SET balance = balance + 1 WHERE owner = 'ann';
