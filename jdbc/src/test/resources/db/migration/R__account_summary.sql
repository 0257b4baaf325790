DROP VIEW IF EXISTS account_summary;
CREATE VIEW account_summary AS
SELECT a.owner, a.balance, a.email, (SELECT count(*) FROM audit WHERE audit.account_id = a.id) AS changes
FROM accounts a;
