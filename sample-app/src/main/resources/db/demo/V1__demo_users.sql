-- The demo application's own table. Encrypted columns are text: v1:<base64 of nonce, ciphertext, tag>.
-- 255 characters hold a value of up to 158 bytes under a two-character version label
-- (L + 1 + 4 * ceil((28 + n) / 3), see docs/format.md).
CREATE TABLE fieldcrypt_demo_users (
    id             BIGINT       NOT NULL PRIMARY KEY,
    email          VARCHAR(255) NOT NULL,
    otp_secret     VARCHAR(255),
    api_token      VARCHAR(255),
    recovery_codes VARCHAR(255)
);
