-- The e-mail becomes encrypted and searchable: its ciphertext in email (v1:<base64>, 75 characters
-- for a 25-byte address), its search index in email_bidx (v1$<base64url>, at most 76 characters).
-- A unique index on the search index makes the encrypted e-mail unique, case-insensitively.
ALTER TABLE fieldcrypt_demo_users ADD COLUMN email_bidx VARCHAR(80);
CREATE UNIQUE INDEX fieldcrypt_demo_users_email_bidx ON fieldcrypt_demo_users (email_bidx);
