-- An application's own Flyway migration, for the tests: same version number (1) as fieldcrypt's
-- first migration, in the application's own history table.
CREATE TABLE customer (
    id    BIGINT PRIMARY KEY,
    email VARCHAR(200) NOT NULL
);
INSERT INTO customer (id, email) VALUES (1, 'v2:not-really-a-ciphertext');
INSERT INTO customer (id, email) VALUES (2, 'v2:neither-is-this');
