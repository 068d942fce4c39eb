#!/usr/bin/env bash
# The hostile run of issue #11, repeatable: kill -9 during re-encryption jobs, concurrent
# application writers (single- and multi-row transactions, inserts, deletes, values copied under
# the old version), several processes on one target, bad inputs — then a scan of every output,
# log file and job table for plaintext, ciphertext and key material.
#
#   bash testing/hostile/run.sh [ROWS] [KILLS]     (defaults 300000 and 8; needs cli/target/fieldcrypt.jar
#                                                  and PostgreSQL at 127.0.0.1:5432, user postgres)
# Prints the counts; exit 1 when anything was lost or leaked.
set -uo pipefail
ROWS=${1:-300000}
KILLS=${2:-8}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/cli/target/fieldcrypt.jar"
W=$(mktemp -d /tmp/fieldcrypt-hostile.XXXXXX)
SCHEMA=hostile_$$
URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA"
PSQL=(psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -qtA)
MARK=PLAINTEXT-SECRET
cd "$W"
fc() { java -Xmx256m -jar "$JAR" "$@"; }
db() { "${PSQL[@]}" -c "SET search_path = $SCHEMA; $1"; }
fail=0

echo "work dir $W, schema $SCHEMA, $ROWS rows, $KILLS kills"
"${PSQL[@]}" -c "CREATE SCHEMA $SCHEMA"
db "CREATE TABLE users (id BIGINT PRIMARY KEY, otp VARCHAR(200), token VARCHAR(400));
    INSERT INTO users SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE '$MARK-otp-' || g END,
      '$MARK-token-' || g || repeat('x', (g % 13)::int) FROM generate_series(1, $ROWS) g;"

# 1. Encrypt the plaintexts under v1, then rotate to v2.
fc generate --env-file keys.env --yes > out-generate.txt 2>&1
fc reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table users \
  --column otp,token --encrypt-plaintext --workers 2 --yes --logfile log-encrypt.log \
  > out-encrypt.txt 2>&1 || { echo "initial encryption failed"; fail=1; }
cp keys.env keys-v1.env
fc rotate --env-file keys.env --yes > out-rotate.txt 2>&1

# 2. Application writers for the whole job: copy a value between rows of one column (valid,
#    under v1 or v2), 2-5-row transactions, deletes and inserts of NULL rows.
writer() {
  local n=0
  while [ ! -f stop-writers ]; do
    # 200 transactions per session; a deadlock or lock timeout rolls back one, counted.
    "${PSQL[@]}" -c "SET search_path = $SCHEMA" -c "SET lock_timeout = '2s'" -c "
      DO \$\$ DECLARE a BIGINT; BEGIN FOR i IN 1..200 LOOP
        BEGIN
          a := (random() * $ROWS)::bigint + 1;
          UPDATE users SET otp = (SELECT otp FROM users WHERE id = a LIMIT 1)
            WHERE id IN (SELECT (random() * $ROWS)::bigint + 1 FROM generate_series(1, 2 + (random() * 3)::int));
          UPDATE users SET token = (SELECT token FROM users WHERE id = a + 1 LIMIT 1)
            WHERE id = (random() * $ROWS)::bigint + 1;
          DELETE FROM users WHERE id = (random() * $ROWS)::bigint + 1 AND id % 101 = 0;
          INSERT INTO users (id, otp, token) VALUES ($ROWS + 1000000 + (random() * 1e9)::bigint, NULL, NULL)
            ON CONFLICT DO NOTHING;
        EXCEPTION WHEN deadlock_detected OR lock_not_available OR serialization_failure THEN
          RAISE WARNING 'rolled back';
        END;
        COMMIT;
      END LOOP; END \$\$;" >/dev/null 2>>writer-errors.txt && n=$((n + 200))
  done
  echo "$n" > "writer-$1.count"
}
for i in 1 2 3; do writer "$i" & done

# 3. Three processes on the target at once with --resume, killed -9 and relaunched.
launch() {
  fc reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table users \
    --column otp,token --workers 2 --batch-size 200 --resume --yes --logfile "log-job-$1.log" \
    > "out-job-$1.txt" 2>&1
  echo $? > "exit-job-$1.txt"
}
n=0
for i in 1 2 3; do n=$((n + 1)); launch "$n" & echo $! > "pid-$n"; done
kills=0
while [ $kills -lt "$KILLS" ]; do
  sleep $((2 + RANDOM % 4))
  victim=$(pgrep -f "log-job-" | shuf -n 1 || true)
  [ -z "$victim" ] && break
  kill -9 "$victim" 2>/dev/null && kills=$((kills + 1))
  n=$((n + 1)); launch "$n" &
done
# wait for the job processes (the writers run until stop-writers)
sleep 2
while pgrep -f "log-job-" >/dev/null; do sleep 1; done
touch stop-writers; wait
writes=$(cat writer-*.count | awk '{s += $1} END {print s}')
jobs_made=$(db "SELECT COUNT(*) FROM reencrypt_jobs WHERE NOT dry_run AND target_version = 'v2'")

# 4. A final pass after the writers stopped: nothing left, nothing undecryptable.
fc reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table users \
  --column otp,token --resume --yes --logfile log-final.log > out-final.txt 2>&1
final_exit=$?
fc stats --env-file keys.env --jdbc-url "$URL" --db-user postgres --table users \
  --column otp,token > out-stats.txt 2>&1
not_v2=$(db "SELECT COUNT(*) FROM users WHERE (otp IS NOT NULL AND otp NOT LIKE 'v2:%') OR (token IS NOT NULL AND token NOT LIKE 'v2:%')")
errors=$(db "SELECT COUNT(*) FROM reencrypt_job_errors e JOIN reencrypt_jobs j ON j.id = e.job_id WHERE j.table_name = 'users'")

# 5. Bad inputs: each must be one clear line and a non-zero exit.
printf 'ACTIVE_ENCRYPTION_VERSION="v1"\n' > bad-wrapped.env
k=$(grep ENCRYPTION_KEYS__v1 keys-v1.env | cut -d'"' -f2)
printf 'ENCRYPTION_KEYS__v1="%s\n%s"\n' "${k:0:20}" "${k:20}" >> bad-wrapped.env
grep -E 'SALT' keys-v1.env | grep v1 >> bad-wrapped.env
printf '\xef\xbb\xbf' > bad-bom.env; cat keys-v1.env >> bad-bom.env
tr '\n' '\r' < keys-v1.env > bad-cr.env
mkdir -p bad-dir.env
chmod 600 bad-*.env 2>/dev/null
db "CREATE TABLE pairs (a BIGINT, b BIGINT, otp VARCHAR(200), PRIMARY KEY (a, b));
    CREATE TABLE wide (id NUMERIC(30,0) PRIMARY KEY, otp VARCHAR(200));
    CREATE TABLE typed (id BIGINT PRIMARY KEY, otp INT);
    CREATE TABLE narrow (id BIGINT PRIMARY KEY, otp VARCHAR(20));
    INSERT INTO narrow VALUES (1, '$MARK-n');"
bad=0; bad_ok=0
try_bad() {
  bad=$((bad + 1))
  fc "$@" > "out-bad-$bad.txt" 2>&1 && echo "bad input $bad exited 0: $*" || bad_ok=$((bad_ok + 1))
}
for f in bad-wrapped.env bad-dir.env missing.env; do
  try_bad validate-config --env-file "$f"; try_bad list --env-file "$f"
done
try_bad reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table pairs --id-column a --column otp --yes
try_bad reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table wide --column otp --yes
try_bad reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table typed --column otp --yes
try_bad reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table narrow --column otp --encrypt-plaintext --yes --logfile log-narrow.log
try_bad reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table nosuch --column otp --yes
try_bad reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table users --column nosuch --yes
try_bad reencrypt --env-file keys.env --jdbc-url "jdbc:postgresql://127.0.0.1:1/test" --db-user postgres --table users --column otp --yes
try_bad reencrypt --env-file keys.env --jdbc-url "$URL" --db-user postgres --table users --column otp --batch-size 0 --yes
FIELDCRYPT_MASTER_KEY=notbase64 try_bad encrypt-keyring --env-file keys.env --encrypted-file k.enc --yes
for f in bad-bom.env bad-cr.env; do fc list --env-file "$f" > "out-ok-$f.txt" 2>&1 || echo "$f refused (see out-ok-$f.txt)"; done

# 6. The scan: every output, log and job table, for plaintext, ciphertext and key material.
for t in reencrypt_jobs reencrypt_job_chunks reencrypt_job_errors; do
  db "SELECT * FROM $t" > "table-$t.txt"
done
grep -hoE '"[A-Za-z0-9+/=]{20,}"' keys.env keys-v1.env | tr -d '"' | sort -u > secrets.txt
scanned=$(ls out-*.txt log-*.log table-*.txt 2>/dev/null | wc -l)
lines=$(cat out-*.txt log-*.log table-*.txt 2>/dev/null | wc -l)
hits_plain=$(cat out-*.txt log-*.log table-*.txt 2>/dev/null | grep -c "$MARK" || true)
hits_ct=$(cat out-*.txt log-*.log table-*.txt 2>/dev/null | grep -cE 'v[0-9]+:[A-Za-z0-9+/]{16,}' || true)
hits_key=0
while read -r s; do
  for part in "${s:0:16}" "${s: -16}"; do
    c=$(cat out-*.txt log-*.log table-*.txt 2>/dev/null | grep -cF -- "$part" || true)
    hits_key=$((hits_key + c))
  done
done < secrets.txt
modes=$(stat -c '%a' log-*.log | sort | uniq -c | tr '\n' ' ')
exits=$(cat exit-job-*.txt 2>/dev/null | sort | uniq -c | tr '\n' ' ')

echo "rows $ROWS; kills $kills; processes launched $n (exit codes: $exits); jobs made $jobs_made"
echo "application transactions $writes (rolled back by deadlocks/lock timeouts: $(grep -c 'rolled back' writer-errors.txt 2>/dev/null || echo 0); other writer errors: $(grep -vc 'rolled back' writer-errors.txt 2>/dev/null || echo 0))"
echo "left-behind reports (exit 1 with 'Left behind'): $(grep -l 'Left behind' out-job-*.txt 2>/dev/null | wc -l)"
echo "final pass exit $final_exit; values not under v2 $not_v2; error rows $errors"
echo "bad inputs $bad, refused with non-zero exit $bad_ok"
echo "scanned $scanned files, $lines lines: plaintext $hits_plain, ciphertext $hits_ct, key/salt $hits_key"
echo "log file modes: $modes"
[ "$final_exit" = 0 ] && [ "$not_v2" = 0 ] && [ "$errors" = 0 ] && [ "$bad" = "$bad_ok" ] \
  && [ "$hits_plain" = 0 ] && [ "$hits_ct" = 0 ] && [ "$hits_key" = 0 ] || fail=1
"${PSQL[@]}" -c "DROP SCHEMA $SCHEMA CASCADE"
echo "work dir kept: $W"
exit $fail
