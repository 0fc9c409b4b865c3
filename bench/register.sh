#!/usr/bin/env bash
# bench/register.sh - how fast ravelin serves the risk register of a large
# organisation: 200 assets (20 primary, each supporting asset relying on
# two of them) and 10,000 risks, evaluated or not, plus 12 open "what if"
# answers. Measures GET /o/1/risks (the first page of 50, both heat maps,
# the filter lists) with wrk, then the server time of single requests.
# See bench/README.md.
#
# usage: bench/register.sh            (from anywhere; `make bench` runs it)
#
# Builds nothing: it runs build/ravelin (or $RAVELIN_BIN). Needs wrk, curl,
# sqlite3 and python3. Everything it starts is stopped, and its temporary
# directory removed, however it ends.
#
# Environment (all optional):
#   RAVELIN_BIN        the binary (default build/ravelin)
#   RAVELIN_THREADS    ravelin's --threads (default 0: one per core)
#   BENCH_RISKS        risks to create (default 10000)
#   BENCH_DURATION     length of the measured run (default 10s)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_CONNECTIONS  wrk connections (default 8)
#   BENCH_WARMUP       length of the unmeasured warm-up run (default 2s; 0 = none)
#   WRK                the program (default wrk)
#
# Exit status: 0 measured; 1 could not measure, or a run got answers other
# than the register (non-2xx, too small); 2 a tool is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${RAVELIN_BIN:-$ROOT/build/ravelin}
RAVELIN_THREADS=${RAVELIN_THREADS:-0}
RISKS=${BENCH_RISKS:-10000}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
WARMUP=${BENCH_WARMUP:-2s}
WRK=${WRK:-wrk}

EMAIL=bench@example.test
PASSWORD='benchmark passphrase'
ORG='Bench Bakery'

say() { printf '%s\n' "$*"; }
die() { printf 'register.sh: %s\n' "$*" >&2; exit 1; }

[ -x "$BIN" ] || { say "register.sh: $BIN not found; build first: ninja -C build" >&2; exit 2; }
for tool in "$WRK" curl sqlite3 python3; do
	command -v "$tool" >/dev/null || { say "register.sh: $tool not found (apt-get install wrk curl sqlite3)" >&2; exit 2; }
done

# ---- clean-up, however the script ends -----------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ravelin-bench-register.XXXXXX")
RAVELIN_PID=
WRK_PID=
# shellcheck disable=SC2317  # called from the trap
stop() {   # stop PID SIGNAL: signal it, wait up to 5 s, then SIGKILL
	local pid=$1 signal=$2
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
	kill "-$signal" "$pid" 2>/dev/null || true
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2317
cleanup() {
	local status=$?
	trap - EXIT INT TERM
	stop "$WRK_PID" TERM
	stop "$RAVELIN_PID" TERM
	rm -rf "$WORK"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- the data: an owner, then assets and risks straight into SQLite ------
DATA=$WORK/data
export RAVELIN_FAST_PASSWORDS=1   # quick hashing: only the login is faster
RAVELIN_PASSWORD=$PASSWORD "$BIN" user add --email "$EMAIL" --org "$ORG" --role owner \
	--name 'Bench Owner' --data "$DATA" >"$WORK/user-add.log" 2>&1 ||
	die "ravelin user add failed: $(cat "$WORK/user-add.log")"
DB=$DATA/ravelin.db
ORG_ID=$(sqlite3 "$DB" "SELECT id FROM orgs WHERE name = '$ORG'")

# Threats and vulnerabilities of the shipped knowledge base, so that the
# register shows real titles; the ids only, from kb/*.json.
python3 - "$ROOT" >"$WORK/kb.sql" <<'EOF'
import json, sys
root = sys.argv[1]
risk = json.load(open(root + '/kb/risk.json'))
vulns = json.load(open(root + '/kb/vulnerabilities.json'))['vulnerabilities']
print('CREATE TEMP TABLE t (n INTEGER PRIMARY KEY, id TEXT);')
print('CREATE TEMP TABLE v (n INTEGER PRIMARY KEY, id TEXT);')
for i, t in enumerate(risk['threats']):
    print("INSERT INTO t VALUES (%d, '%s');" % (i, t['id']))
for i, v in enumerate(vulns):
    print("INSERT INTO v VALUES (%d, '%s');" % (i, v['id']))
for w in risk['what_if'][:12]:
    print("INSERT INTO what_if_answers (org_id, what_if, impact, likelihood, measures, "
          "updated_at) VALUES (@ORG@, '%s', %d, %d, '', 1700000000);"
          % (w['id'], 1 + len(w['id']) % 4, 1 + len(w['id']) * 7 % 4))
EOF
# 200 assets: 1..20 primary with impacts, 21..200 supporting, each relying
# on two primaries; risk i: asset 1 + i % 200, threat and vulnerability
# spread so that (asset, threat, vulnerability) stays unique, about one in
# twelve not evaluated.
{
	sed "s/@ORG@/$ORG_ID/" "$WORK/kb.sql"
	cat <<EOF
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
  created_at, updated_at)
SELECT $ORG_ID, i, (CASE WHEN i <= 20 THEN 'Information ' ELSE 'Equipment ' END) || i,
  CASE WHEN i <= 20 THEN 'info-customers' ELSE 'hw-laptop' END, i <= 20,
  CASE WHEN i <= 20 THEN i % 5 ELSE -1 END, CASE WHEN i <= 20 THEN (i * 3) % 5 ELSE -1 END,
  CASE WHEN i <= 20 THEN (i * 7) % 5 ELSE -1 END, 1700000000, 1700000000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 21 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO asset_links (org_id, asset_id, support_id)
SELECT $ORG_ID, 1 + i % 20, i FROM n UNION SELECT $ORG_ID, 1 + (i * 7) % 20, i FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $RISKS - 1)
INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level,
  created_at, updated_at)
SELECT $ORG_ID, i + 1, 1 + i % 200, (SELECT id FROM t WHERE n = (i / 200) % (SELECT count(*) FROM t)),
  (SELECT id FROM v WHERE n = (i / 200 + i / 7600) % (SELECT count(*) FROM v)),
  CASE WHEN i % 12 = 5 THEN -1 ELSE i % 5 END, (i * 13) % 6, 1700000000, 1700000000 FROM n;
EOF
} | sqlite3 "$DB" || die "could not write the risks into $DB"
COUNT=$(sqlite3 "$DB" "SELECT count(*) FROM risks WHERE org_id = $ORG_ID")
[ "$COUNT" = "$RISKS" ] || die "$COUNT risks written, $RISKS expected"

# ---- ravelin, logged in ------------------------------------------------------
PORT=$(free_port)
"$BIN" serve --listen "127.0.0.1:$PORT" --data "$DATA" --threads "$RAVELIN_THREADS" \
	>"$WORK/ravelin.out" 2>"$WORK/ravelin.err" &
RAVELIN_PID=$!
for _ in $(seq 100); do
	grep -q 'listening on' "$WORK/ravelin.out" 2>/dev/null && break
	kill -0 "$RAVELIN_PID" 2>/dev/null || die "ravelin serve exited: $(cat "$WORK/ravelin.err")"
	sleep 0.1
done
grep -q 'listening on' "$WORK/ravelin.out" || die "ravelin serve did not start in 10 s"
RAVELIN=http://127.0.0.1:$PORT

JAR=$WORK/cookies
curl -fsS -c "$JAR" -o "$WORK/login.html" "$RAVELIN/login" || die "GET /login failed"
CSRF=$(sed -n 's/.*name="csrf" value="\([0-9a-f]\{64\}\)".*/\1/p' "$WORK/login.html" | head -n1)
[ -n "$CSRF" ] || die "no CSRF token on /login"
STATUS=$(curl -sS -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' \
	--data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" \
	--data-urlencode "csrf=$CSRF" "$RAVELIN/login")
[ "$STATUS" = 303 ] || die "POST /login answered $STATUS, expected 303"
SESSION=$(awk '$6 == "ravelin_session" { print $7 }' "$JAR")
[ -n "$SESSION" ] || die "no session cookie after logging in"
COOKIE="Cookie: ravelin_session=$SESSION"

PAGE=/o/$ORG_ID/risks
STATUS=$(curl -sS -H "$COOKIE" -o "$WORK/register.html" -w '%{http_code}' "$RAVELIN$PAGE")
[ "$STATUS" = 200 ] || die "GET $PAGE answered $STATUS"
grep -q 'class="risk-register"' "$WORK/register.html" || die "GET $PAGE is not the register"
SHOWN=$(grep -o 'of [0-9,]* <a href' "$WORK/register.html" | head -n1)
BODY_BYTES=$(stat -c %s "$WORK/register.html")

# ---- server time of single requests -------------------------------------------
# curl's time to the first byte on a loopback connection kept alive: the
# server's work plus a few tens of microseconds. Median of 21.
single() {   # single PATH: prints the median milliseconds
	local path=$1 args=()
	for _ in $(seq 21); do args+=(-o /dev/null -w '%{time_starttransfer}\n' "$RAVELIN$path"); done
	curl -sS -H "$COOKIE" "${args[@]}" | sort -n | sed -n 11p | awk '{ printf "%.1f", $1 * 1000 }'
}

say "ravelin risk register benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m)," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "  $("$BIN" version 2>/dev/null | head -n1), $("$WRK" -v 2>&1 | head -n1 | cut -d' ' -f1-2)"
say "  data: 200 assets, $COUNT risks, 12 open 'what if' answers; page: GET $PAGE," \
	"$BODY_BYTES bytes of HTML (${SHOWN% <a href})"
say ""
say "server time of one request (median of 21, time to first byte):"
say "  GET $PAGE                         $(single "$PAGE") ms"
say "  GET $PAGE?sort=asset&page=100     $(single "$PAGE?sort=asset&page=100") ms"
say "  GET $PAGE?q=laptop&level=high     $(single "$PAGE?q=laptop&level=high") ms"
say "  GET $PAGE.csv (all $COUNT)        $(single "$PAGE.csv") ms"
say "  GET $PAGE/heatmap.svg              $(single "$PAGE/heatmap.svg") ms"

# ---- the wrk run -------------------------------------------------------------------
cat >"$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d bytes=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.bytes, summary.duration, e.status, e.connect, e.read,
    e.write, e.timeout, latency:percentile(50), latency:percentile(99)))
end
EOF
if [ "$WARMUP" != 0 ]; then
	"$WRK" -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -H "$COOKIE" "$RAVELIN$PAGE" >/dev/null &
	WRK_PID=$!
	wait "$WRK_PID"
fi
"$WRK" -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$WORK/report.lua" \
	-H "$COOKIE" "$RAVELIN$PAGE" >"$WORK/wrk.out" &
WRK_PID=$!
wait "$WRK_PID"
WRK_PID=
line=$(grep '^RESULT' "$WORK/wrk.out") || die "wrk gave no result"
read -r requests bytes duration_us status connect read write timeout p50_us p99_us \
	<<<"$(sed -e 's/^RESULT //' -e 's/[a-z0-9_]*=//g' <<<"$line")"
RPS=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.1f", r / (d / 1e6) }')
say ""
say "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP), GET $PAGE with the session cookie:"
sed -n '/^Running/,/^RESULT/{/^RESULT/d;p}' "$WORK/wrk.out" | sed 's/^/  /'
FAILED=0
if [ "$status" -ne 0 ]; then say "ERROR: $status answers were not 2xx/3xx"; FAILED=1; fi
if [ "$requests" -eq 0 ] || [ "$bytes" -lt $(( requests * BODY_BYTES )) ]; then
	say "ERROR: answers smaller than the register ($bytes bytes for $requests requests)"; FAILED=1
fi
if [ $(( connect + read + write + timeout )) -ne 0 ]; then
	say "WARNING: socket errors: connect $connect, read $read, write $write, timeout $timeout"
fi
if [ -s "$WORK/ravelin.err" ]; then
	say "ravelin wrote to stderr:"; sed 's/^/  /' "$WORK/ravelin.err" | head -n 20
fi
say ""
say "requests/s  $RPS   latency p50 $(( p50_us / 1000 )).$(( p50_us % 1000 / 100 )) ms," \
	"p99 $(( p99_us / 1000 )).$(( p99_us % 1000 / 100 )) ms"
exit "$FAILED"
