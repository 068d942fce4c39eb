-- fieldcrypt: one lock row per re-encryption target, so that "join the unfinished job of this
-- target, or create one" is atomic across processes.
--
-- ReencryptJobs.startOrResume (the CLI's reencrypt --resume) and ReencryptJobs.create insert the
-- target's row if it is missing, then hold it with SELECT ... FOR UPDATE while they look for an
-- unfinished job and create one if there is none, in one transaction. Three processes started
-- together therefore make one job, and the second and third join it as workers.
--
-- target_hash is the lowercase hex SHA-256 of reencrypt_jobs.target_key: the key itself can be
-- 1024 characters, too long for a primary key on some databases. The rows hold no secret and are
-- never deleted (one small row per target ever re-encrypted).
--
-- Never edit this file once released: Flyway checksums it.
CREATE TABLE reencrypt_job_targets (
    target_hash         VARCHAR(64)   NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT reencrypt_job_targets_pk PRIMARY KEY (target_hash)
);
