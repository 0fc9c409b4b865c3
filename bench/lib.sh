# bench/lib.sh - what bench/dashboard.sh and bench/register.sh share:
# settings, tool checks, the temporary directory and its clean-up, ravelin
# with a logged-in owner, nginx serving saved pages, wrk runs and the
# machine line. Sourced, never run; see bench/README.md.
#
# The sourcing script sets SCRIPT (its name, for messages) first.
# Everything started here is stopped, and the temporary directory removed,
# however the script ends (make_work sets the traps).
# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables set here are read by the scripts

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
die() { printf '%s: %s\n' "$SCRIPT" "$*" >&2; exit 1; }

# need_tools HINT TOOL...: exit 2 unless ravelin is built and every tool is
# on the PATH; HINT says how to install them.
need_tools() {
	local hint=$1 tool; shift
	[ -x "$BIN" ] || { say "$SCRIPT: $BIN not found; build first: ninja -C build" >&2; exit 2; }
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { say "$SCRIPT: $tool not found ($hint)" >&2; exit 2; }
	done
}

# ---- clean-up, however the script ends -----------------------------------
RAVELIN_PID=
NGINX_PID=
WRK_PID=
WORK=
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
	[ -z "$WORK" ] || rm -rf "$WORK"
	exit "$status"
}

# make_work PREFIX: the temporary directory $WORK, removed at exit.
make_work() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	mkdir -p "$WORK/html" "$WORK/tmp"
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- ravelin, with an owner, logged in -----------------------------------
# add_owner DATA: a new data folder DATA with the owner of $ORG.
add_owner() {
	local data=$1
	export RAVELIN_FAST_PASSWORDS=1   # quick hashing: only the login is faster
	RAVELIN_PASSWORD=$PASSWORD "$BIN" user add --email "$EMAIL" --org "$ORG" --role owner \
		--name 'Bench Owner' --data "$data" >"$WORK/user-add.log" 2>&1 ||
		die "ravelin user add failed: $(cat "$WORK/user-add.log")"
}

# start_ravelin DATA: `ravelin serve` on a free loopback port; sets
# RAVELIN_PID, RAVELIN_PORT and RAVELIN (the base URL).
start_ravelin() {
	local data=$1
	RAVELIN_PORT=$(free_port)
	"$BIN" serve --listen "127.0.0.1:$RAVELIN_PORT" --data "$data" --threads "$RAVELIN_THREADS" \
		>"$WORK/ravelin.out" 2>"$WORK/ravelin.err" &
	RAVELIN_PID=$!
	for _ in $(seq 100); do
		grep -q 'listening on' "$WORK/ravelin.out" 2>/dev/null && break
		kill -0 "$RAVELIN_PID" 2>/dev/null || die "ravelin serve exited: $(cat "$WORK/ravelin.err")"
		sleep 0.1
	done
	grep -q 'listening on' "$WORK/ravelin.out" || die "ravelin serve did not start in 10 s"
	RAVELIN=http://127.0.0.1:$RAVELIN_PORT
}

stop_ravelin() { stop "$RAVELIN_PID" TERM; RAVELIN_PID=; }

# login: logs the owner in with curl; sets COOKIE (a wrk/curl header).
login() {
	local jar=$WORK/cookies csrf status session
	# The login form's CSRF token belongs to the visitor cookie curl keeps.
	rm -f "$jar"
	curl -fsS -c "$jar" -o "$WORK/login.html" "$RAVELIN/login" || die "GET /login failed"
	csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]\{64\}\)".*/\1/p' "$WORK/login.html" | head -n1)
	[ -n "$csrf" ] || die "no CSRF token on /login"
	status=$(curl -sS -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
		--data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" \
		--data-urlencode "csrf=$csrf" "$RAVELIN/login")
	[ "$status" = 303 ] || die "POST /login answered $status, expected 303"
	session=$(awk '$6 == "ravelin_session" { print $7 }' "$jar")
	[ -n "$session" ] || die "no session cookie after logging in"
	COOKIE="Cookie: ravelin_session=$session"
}

# ---- nginx, serving saved pages ----------------------------------------------
# start_nginx: nginx (bench/nginx.conf.in) on a free loopback port, serving
# $WORK/html; sets NGINX_PID and NGINX_BASE.
start_nginx() {
	local port
	port=$(free_port)
	[ "$port" != "${RAVELIN_PORT:-}" ] || port=$(free_port)
	sed -e "s|@WORK@|$WORK|g" -e "s|@PORT@|$port|g" "$ROOT/bench/nginx.conf.in" >"$WORK/nginx.conf"
	chmod 755 "$WORK" "$WORK/html"   # nginx's workers may run as another user
	"$NGINX" -p "$WORK/" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" \
		>"$WORK/nginx.out" 2>&1 &
	NGINX_PID=$!
	NGINX_BASE=http://127.0.0.1:$port
	for _ in $(seq 50); do
		curl -sS -o /dev/null "$NGINX_BASE/" 2>/dev/null && return 0
		kill -0 "$NGINX_PID" 2>/dev/null ||
			die "nginx exited: $(cat "$WORK/nginx.out" "$WORK/nginx-error.log" 2>/dev/null)"
		sleep 0.1
	done
	die "nginx did not start in 5 s"
}

# serve_static NAME: nginx serves $WORK/html/NAME; checks it returns the
# same bytes and saves its headers to $WORK/NAME.nginx-headers.
serve_static() {
	local name=$1
	chmod 644 "$WORK/html/$name"
	curl -fsS -D "$WORK/$name.nginx-headers" -o "$WORK/nginx-copy" "$NGINX_BASE/$name" ||
		die "nginx does not answer for /$name"
	cmp -s "$WORK/html/$name" "$WORK/nginx-copy" || die "nginx does not serve the same bytes as /$name"
}

# ---- wrk -----------------------------------------------------------------------
# wrk prints its report; the Lua done() adds one exact line to read back.
write_report_lua() {
	cat >"$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d bytes=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.bytes, summary.duration, e.status, e.connect, e.read,
    e.write, e.timeout, latency:percentile(50), latency:percentile(99)))
end
EOF
}

FAILED=0
# wrk_run NAME URL HEADERS_FILE BODY_BYTES WHAT [wrk options...]: a warm-up,
# then the measured run; prints wrk's report and one summary line, sets RPS,
# P50_MS and P99_MS, and sets FAILED=1 when an answer was not 2xx/3xx or
# smaller than BODY_BYTES (WHAT names the page in that message).
wrk_run() {
	local name=$1 url=$2 headers=$3 body_bytes=$4 what=$5; shift 5
	local head_bytes min_bytes line
	local requests bytes duration_us status connect read write timeout p50_us p99_us
	[ -f "$WORK/report.lua" ] || write_report_lua
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
	P50_MS="$(( p50_us / 1000 )).$(( p50_us % 1000 / 100 ))"
	P99_MS="$(( p99_us / 1000 )).$(( p99_us % 1000 / 100 ))"
	# Every answer must be the page: as many bytes as its body plus
	# headers (a redirect to /login, say, would be a few hundred bytes).
	head_bytes=$(stat -c %s "$headers")
	min_bytes=$(( requests * body_bytes ))
	say "  $name: $requests requests, $(( bytes / (requests > 0 ? requests : 1) )) bytes each" \
		"(body $body_bytes + headers ~$head_bytes), p50 $P50_MS ms, p99 $P99_MS ms"
	if [ "$status" -ne 0 ]; then
		say "  $name: ERROR: $status answers were not 2xx/3xx"
		FAILED=1
	fi
	if [ "$requests" -eq 0 ] || [ "$bytes" -lt "$min_bytes" ]; then
		say "  $name: ERROR: answers smaller than the $what ($bytes bytes for $requests requests)"
		FAILED=1
	fi
	if [ $(( connect + read + write + timeout )) -ne 0 ]; then
		say "  $name: WARNING: socket errors: connect $connect, read $read, write $write, timeout $timeout"
	fi
}

# ratio A B: 100 * A / B with one decimal; target_met RATIO: met / NOT met
# against the 50 % of PRODUCT.md.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }'; }
target_met() { awk -v r="$1" 'BEGIN { print (r >= 50) ? "met" : "NOT met" }'; }

# ravelin_stderr: prints what ravelin wrote to stderr, if anything.
ravelin_stderr() {
	if [ -s "$WORK/ravelin.err" ]; then
		say ""
		say "ravelin wrote to stderr:"
		sed 's/^/  /' "$WORK/ravelin.err" | head -n 20
	fi
}

# machine_line TITLE: the first line of the output (date, cores, load).
machine_line() {
	say "$1: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m)," \
		"load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# versions: ravelin's, nginx's and wrk's.
versions() {
	say "  $("$BIN" version 2>/dev/null | head -n1), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $("$WRK" -v 2>&1 | head -n1 | cut -d' ' -f1-2)"
}
