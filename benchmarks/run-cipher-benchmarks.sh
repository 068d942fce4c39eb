#!/usr/bin/env bash
# Runs the cipher benchmarks the way docs/performance.md reports them, then prints its tables.
#
# The libraries are compared per operation and size in short back-to-back JMH runs (fieldcrypt, JDK,
# Tink one after the other), repeated PASSES times, so that load from other processes on a shared
# machine falls on all of them alike; jmh_tables.py then pools the iterations of all passes.
# Usage: benchmarks/run-cipher-benchmarks.sh   (from the repository root, after building the jar)
set -euo pipefail
JAR=${JAR:-benchmarks/target/benchmarks.jar}
OUT=${OUT:-benchmarks/target/jmh}
PASSES=${PASSES:-3}
ITER=${ITER:--f 1 -wi 2 -i 3 -w 1s -r 1s}
PROF=()
# perf may be installed but without hardware counters (virtual machines): it then prints
# "<not supported>" and exits 0, and JMH's perfnorm would refuse to start.
if command -v perf > /dev/null && probe=$(perf stat -e instructions true 2>&1) \
    && ! grep -q 'not supported' <<< "$probe"; then
  PROF=(-prof perfnorm) # instructions per operation: a count that time-slicing cannot disturb
fi
mkdir -p "$OUT"
rm -f "$OUT"/*.json
for pass in $(seq 1 "$PASSES"); do
  for size in 16 64 1024 16384; do
    for op in encryptString decryptString roundTripString encryptBytes decryptBytes roundTripBytes; do
      java -jar "$JAR" "dev.fieldcrypt.benchmarks.(Fieldcrypt|JdkAesGcm|TinkAesGcm)Bench.$op\$" \
        -p size="$size" $ITER "${PROF[@]}" -rf json -rff "$OUT/pass$pass-$size-$op.json" > /dev/null
    done
    echo "pass $pass, size $size done" >&2
  done
done
# Jasypt with fieldcrypt's String benchmarks in the same run (so both see the same load), rotation
# and the two-column benchmarks.
java -jar "$JAR" \
  'dev.fieldcrypt.benchmarks.(JasyptBench|RotationBench|ColumnsBench|FieldcryptBench.\w+String$)' \
  -f 1 -wi 3 -i 5 -w 1s -r 1s "${PROF[@]}" -rf json -rff "$OUT/others.json" > /dev/null
python3 "$(dirname "$0")/jmh_tables.py" "$OUT"/*.json
