#!/usr/bin/env bash
# bench/dashboard.sh - how fast ravelin serves an authenticated dashboard,
# next to nginx serving the same bytes as a static file (PRODUCT.md: at
# least 50 % of nginx's requests per second). See bench/README.md.
#
# usage: bench/dashboard.sh            (from anywhere; `make bench` runs it)
#
# Builds nothing: it runs build/ravelin (or $RAVELIN_BIN). Needs nginx
# (Debian's nginx-light), wrk, curl and python3. Everything it starts is
# stopped, and its temporary directory removed, however it ends.
#
# Environment (all optional):
#   RAVELIN_BIN        the binary (default build/ravelin)
#   RAVELIN_THREADS    ravelin's --threads (default 0: one per core)
#   BENCH_DURATION     length of each measured run (default 10s)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_CONNECTIONS  wrk connections (default 50)
#   BENCH_WARMUP       length of the unmeasured warm-up run (default 2s; 0 = none)
#   NGINX, WRK         the programs (default: nginx / /usr/sbin/nginx, wrk)
#
# Exit status: 0 measured; 1 could not measure, or a run got answers other
# than the dashboard (non-2xx, wrong size); 2 a tool is missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${RAVELIN_BIN:-$ROOT/build/ravelin}
RAVELIN_THREADS=${RAVELIN_THREADS:-0}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
WARMUP=${BENCH_WARMUP:-2s}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
WRK=${WRK:-wrk}

EMAIL=bench@example.test
PASSWORD='benchmark passphrase'
ORG='Bench Bakery'

say() { printf '%s\n' "$*"; }
die() { printf 'dashboard.sh: %s\n' "$*" >&2; exit 1; }

[ -x "$BIN" ] || { say "dashboard.sh: $BIN not found; build first: ninja -C build" >&2; exit 2; }
for tool in "$NGINX" "$WRK" curl python3; do
	command -v "$tool" >/dev/null || { say "dashboard.sh: $tool not found (apt-get install nginx-light wrk curl)" >&2; exit 2; }
done

# ---- clean-up, however the script ends -----------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ravelin-bench.XXXXXX")
RAVELIN_PID=
NGINX_PID=
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
	stop "$NGINX_PID" QUIT      # graceful: the master ends its workers
	rm -rf "$WORK"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- ravelin, with an owner, logged in -----------------------------------
DATA=$WORK/data
RAVELIN_PORT=$(free_port)
export RAVELIN_FAST_PASSWORDS=1   # quick hashing: only the login is faster
RAVELIN_PASSWORD=$PASSWORD "$BIN" user add --email "$EMAIL" --org "$ORG" --role owner \
	--name 'Bench Owner' --data "$DATA" >"$WORK/user-add.log" 2>&1 ||
	die "ravelin user add failed: $(cat "$WORK/user-add.log")"

"$BIN" serve --listen "127.0.0.1:$RAVELIN_PORT" --data "$DATA" --threads "$RAVELIN_THREADS" \
	>"$WORK/ravelin.out" 2>"$WORK/ravelin.err" &
RAVELIN_PID=$!
for _ in $(seq 100); do
	grep -q 'listening on' "$WORK/ravelin.out" 2>/dev/null && break
	kill -0 "$RAVELIN_PID" 2>/dev/null || die "ravelin serve exited: $(cat "$WORK/ravelin.err")"
	sleep 0.1
done
grep -q 'listening on' "$WORK/ravelin.out" || die "ravelin serve did not start in 10 s"
RAVELIN=http://127.0.0.1:$RAVELIN_PORT

# The login form's CSRF token belongs to the visitor cookie curl keeps.
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

# One organisation: / sends the owner to its dashboard.
DASHBOARD=$(curl -sS -H "$COOKIE" -o /dev/null -w '%{redirect_url}' "$RAVELIN/")
DASHBOARD=${DASHBOARD#"$RAVELIN"}
[[ $DASHBOARD =~ ^/o/[0-9]+$ ]] || die "/ did not lead to a dashboard (got '$DASHBOARD')"

mkdir -p "$WORK/html" "$WORK/tmp"
STATUS=$(curl -sS -H "$COOKIE" -D "$WORK/ravelin.headers" -o "$WORK/html/dashboard.html" \
	-w '%{http_code}' "$RAVELIN$DASHBOARD")
[ "$STATUS" = 200 ] || die "GET $DASHBOARD answered $STATUS"
grep -q "<h1>$ORG</h1>" "$WORK/html/dashboard.html" || die "GET $DASHBOARD is not the dashboard"
BODY_BYTES=$(stat -c %s "$WORK/html/dashboard.html")

# ---- nginx, serving the same bytes ----------------------------------------
NGINX_PORT=$(free_port)
[ "$NGINX_PORT" != "$RAVELIN_PORT" ] || NGINX_PORT=$(free_port)
sed -e "s|@WORK@|$WORK|g" -e "s|@PORT@|$NGINX_PORT|g" "$ROOT/bench/nginx.conf.in" >"$WORK/nginx.conf"
chmod 755 "$WORK" "$WORK/html"   # nginx's workers may run as another user
chmod 644 "$WORK/html/dashboard.html"
"$NGINX" -p "$WORK/" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" \
	>"$WORK/nginx.out" 2>&1 &
NGINX_PID=$!
NGINX_URL=http://127.0.0.1:$NGINX_PORT/dashboard.html
for _ in $(seq 50); do
	curl -fsS -o /dev/null "$NGINX_URL" 2>/dev/null && break
	kill -0 "$NGINX_PID" 2>/dev/null ||
		die "nginx exited: $(cat "$WORK/nginx.out" "$WORK/nginx-error.log" 2>/dev/null)"
	sleep 0.1
done
curl -fsS -D "$WORK/nginx.headers" -o "$WORK/nginx-copy.html" "$NGINX_URL" || die "nginx does not answer"
cmp -s "$WORK/html/dashboard.html" "$WORK/nginx-copy.html" || die "nginx does not serve the same bytes"

# ---- the runs ----------------------------------------------------------------
# wrk prints its report; the Lua done() adds one exact line to read back.
cat >"$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d bytes=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.bytes, summary.duration, e.status, e.connect, e.read,
    e.write, e.timeout, latency:percentile(50), latency:percentile(99)))
end
EOF

FAILED=0
# run NAME URL HEADERS_FILE [wrk options...]: prints the report, sets RPS.
run() {
	local name=$1 url=$2 headers=$3; shift 3
	local head_bytes min_bytes line
	local requests bytes duration_us status connect read write timeout p50_us p99_us
	# (wrk runs in the background so that a signal ends the script at once)
	if [ "$WARMUP" != 0 ]; then
		"$WRK" -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" "$@" "$url" >/dev/null &
		WRK_PID=$!
		wait "$WRK_PID"
	fi
	"$WRK" -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$WORK/report.lua" "$@" "$url" \
		>"$WORK/$name.wrk" &
	WRK_PID=$!
	wait "$WRK_PID"
	WRK_PID=
	sed -n '/^Running/,/^RESULT/{/^RESULT/d;p}' "$WORK/$name.wrk" | sed 's/^/  /'
	line=$(grep '^RESULT' "$WORK/$name.wrk") || die "wrk gave no result for $name"
	# the values of "RESULT requests=N bytes=N ...", in that order
	read -r requests bytes duration_us status connect read write timeout p50_us p99_us \
		<<<"$(sed -e 's/^RESULT //' -e 's/[a-z0-9_]*=//g' <<<"$line")"
	RPS=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.1f", r / (d / 1e6) }')
	# Every answer must be the dashboard: as many bytes as its body plus
	# headers (a redirect to /login, say, would be a few hundred bytes).
	head_bytes=$(stat -c %s "$headers")
	min_bytes=$(( requests * BODY_BYTES ))
	say "  $name: $requests requests, $(( bytes / (requests > 0 ? requests : 1) )) bytes each" \
		"(body $BODY_BYTES + headers ~$head_bytes), p50 $(( p50_us / 1000 )).$(( p50_us % 1000 / 100 )) ms," \
		"p99 $(( p99_us / 1000 )).$(( p99_us % 1000 / 100 )) ms"
	if [ "$status" -ne 0 ]; then
		say "  $name: ERROR: $status answers were not 2xx/3xx"
		FAILED=1
	fi
	if [ "$requests" -eq 0 ] || [ "$bytes" -lt "$min_bytes" ]; then
		say "  $name: ERROR: answers smaller than the dashboard ($bytes bytes for $requests requests)"
		FAILED=1
	fi
	if [ $(( connect + read + write + timeout )) -ne 0 ]; then
		say "  $name: WARNING: socket errors: connect $connect, read $read, write $write, timeout $timeout"
	fi
}

say "ravelin dashboard benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m)," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "  $("$BIN" version 2>/dev/null | head -n1), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $("$WRK" -v 2>&1 | head -n1 | cut -d' ' -f1-2)"
say "  page: GET $DASHBOARD, $BODY_BYTES bytes of HTML; wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP)"
say ""
say "ravelin  GET $RAVELIN$DASHBOARD (with the session cookie)"
run ravelin "$RAVELIN$DASHBOARD" "$WORK/ravelin.headers" -H "$COOKIE"
RAVELIN_RPS=$RPS
say ""
say "nginx    GET $NGINX_URL (the same bytes, static)"
run nginx "$NGINX_URL" "$WORK/nginx.headers"
NGINX_RPS=$RPS

# The session must still be good: every request above was the dashboard.
STATUS=$(curl -sS -H "$COOKIE" -o /dev/null -w '%{http_code}' "$RAVELIN$DASHBOARD")
[ "$STATUS" = 200 ] || { say "ERROR: after the run, GET $DASHBOARD answered $STATUS"; FAILED=1; }
if [ -s "$WORK/ravelin.err" ]; then
	say ""
	say "ravelin wrote to stderr:"
	sed 's/^/  /' "$WORK/ravelin.err" | head -n 20
fi

RATIO=$(awk -v a="$RAVELIN_RPS" -v b="$NGINX_RPS" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }')
TARGET_MET=$(awk -v r="$RATIO" 'BEGIN { print (r >= 50) ? "met" : "NOT met" }')
[ "$FAILED" = 0 ] || TARGET_MET="INVALID: a run got answers that were not the dashboard"
say ""
say "requests/s  ravelin $RAVELIN_RPS  nginx $NGINX_RPS"
say "ratio       dashboard/nginx $RATIO %  (target >= 50 %: $TARGET_MET)"
exit "$FAILED"
