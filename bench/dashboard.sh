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
SCRIPT=dashboard.sh
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_tools 'apt-get install nginx-light wrk curl' "$NGINX" "$WRK" curl python3
make_work ravelin-bench

# ---- ravelin, with an owner, logged in -----------------------------------
add_owner "$WORK/data"
start_ravelin "$WORK/data"
login

# One organisation: / sends the owner to its dashboard.
DASHBOARD=$(curl -sS -H "$COOKIE" -o /dev/null -w '%{redirect_url}' "$RAVELIN/")
DASHBOARD=${DASHBOARD#"$RAVELIN"}
[[ $DASHBOARD =~ ^/o/[0-9]+$ ]] || die "/ did not lead to a dashboard (got '$DASHBOARD')"

STATUS=$(curl -sS -H "$COOKIE" -D "$WORK/ravelin.headers" -o "$WORK/html/dashboard.html" \
	-w '%{http_code}' "$RAVELIN$DASHBOARD")
[ "$STATUS" = 200 ] || die "GET $DASHBOARD answered $STATUS"
grep -q "<h1>$ORG</h1>" "$WORK/html/dashboard.html" || die "GET $DASHBOARD is not the dashboard"
BODY_BYTES=$(stat -c %s "$WORK/html/dashboard.html")

# ---- nginx, serving the same bytes ----------------------------------------
start_nginx
serve_static dashboard.html
NGINX_URL=$NGINX_BASE/dashboard.html

# ---- the runs ----------------------------------------------------------------
machine_line "ravelin dashboard benchmark"
versions
say "  page: GET $DASHBOARD, $BODY_BYTES bytes of HTML; wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP)"
say ""
say "ravelin  GET $RAVELIN$DASHBOARD (with the session cookie)"
wrk_run ravelin "$RAVELIN$DASHBOARD" "$WORK/ravelin.headers" "$BODY_BYTES" dashboard -H "$COOKIE"
RAVELIN_RPS=$RPS
say ""
say "nginx    GET $NGINX_URL (the same bytes, static)"
wrk_run nginx "$NGINX_URL" "$WORK/dashboard.html.nginx-headers" "$BODY_BYTES" dashboard
NGINX_RPS=$RPS

# The session must still be good: every request above was the dashboard.
STATUS=$(curl -sS -H "$COOKIE" -o /dev/null -w '%{http_code}' "$RAVELIN$DASHBOARD")
[ "$STATUS" = 200 ] || { say "ERROR: after the run, GET $DASHBOARD answered $STATUS"; FAILED=1; }
ravelin_stderr

RATIO=$(ratio "$RAVELIN_RPS" "$NGINX_RPS")
TARGET_MET=$(target_met "$RATIO")
[ "$FAILED" = 0 ] || TARGET_MET="INVALID: a run got answers that were not the dashboard"
say ""
say "requests/s  ravelin $RAVELIN_RPS  nginx $NGINX_RPS"
say "ratio       dashboard/nginx $RATIO %  (target >= 50 %: $TARGET_MET)"
exit "$FAILED"
