#!/usr/bin/env bash
# bench/register.sh - how fast ravelin serves the risk register
# (GET /o/N/risks: the first page of 50, both heat maps, the filter lists),
# next to nginx serving the same bytes as a static file (PRODUCT.md: at
# least 50 % of nginx's requests per second), for organisations of a few
# sizes: by default a small business (40 assets, 200 risks, 4 open "what
# if" answers) and a large organisation (200 assets, 10,000 risks, 12
# answers). For each: the server time of single requests, then wrk against
# ravelin and against nginx. See bench/README.md.
#
# usage: bench/register.sh            (from anywhere; `make bench` runs it)
#
# Builds nothing: it runs build/ravelin (or $RAVELIN_BIN). Needs nginx
# (Debian's nginx-light), wrk, curl, sqlite3 and python3. Everything it
# starts is stopped, and its temporary directory removed, however it ends.
#
# Environment (all optional):
#   RAVELIN_BIN        the binary (default build/ravelin)
#   RAVELIN_THREADS    ravelin's --threads (default 0: one per core)
#   BENCH_SIZES        organisations to measure, ASSETS:RISKS:WHAT_IFS each,
#                      one after the other (default "40:200:4 200:10000:12");
#                      a tenth of the assets (at least one) are primary
#   BENCH_DURATION     length of each measured run (default 10s)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_CONNECTIONS  wrk connections (default 50)
#   BENCH_WARMUP       length of the unmeasured warm-up run (default 2s; 0 = none)
#   NGINX, WRK         the programs (default: nginx / /usr/sbin/nginx, wrk)
#
# Exit status: 0 measured; 1 could not measure, or a run got answers other
# than the register (non-2xx, too small); 2 a tool is missing.
set -euo pipefail
SCRIPT=register.sh
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SIZES=${BENCH_SIZES:-40:200:4 200:10000:12}

need_tools 'apt-get install nginx-light wrk curl sqlite3' "$NGINX" "$WRK" curl sqlite3 python3
for size in $SIZES; do
	[[ $size =~ ^[1-9][0-9]*:[1-9][0-9]*:[0-9]+$ ]] ||
		{ say "$SCRIPT: BENCH_SIZES: '$size' is not ASSETS:RISKS:WHAT_IFS" >&2; exit 1; }
done
make_work ravelin-bench-register
start_nginx

# Threats and vulnerabilities of the shipped knowledge base, so that the
# register shows real titles (the ids only, from kb/*.json), and the
# "what if" questions to answer.
python3 - "$ROOT" >"$WORK/kb.sql" <<'EOF2'
import json, sys
root = sys.argv[1]
risk = json.load(open(root + '/kb/risk.json'))
vulns = json.load(open(root + '/kb/vulnerabilities.json'))['vulnerabilities']
print('CREATE TEMP TABLE t (n INTEGER PRIMARY KEY, id TEXT);')
print('CREATE TEMP TABLE v (n INTEGER PRIMARY KEY, id TEXT);')
print('CREATE TEMP TABLE w (n INTEGER PRIMARY KEY, id TEXT);')
for i, t in enumerate(risk['threats']):
    print("INSERT INTO t VALUES (%d, '%s');" % (i, t['id']))
for i, v in enumerate(vulns):
    print("INSERT INTO v VALUES (%d, '%s');" % (i, v['id']))
for i, w in enumerate(risk['what_if']):
    print("INSERT INTO w VALUES (%d, '%s');" % (i, w['id']))
EOF2

# fill DB ORG_ID ASSETS RISKS WHAT_IFS: writes straight into SQLite.
# Assets 1..ASSETS/10 are primary with impacts, the others supporting, each
# relying on two primaries; risk i: asset 1 + i % ASSETS, threat and
# vulnerability spread so that (asset, threat, vulnerability) stays
# unique, about one in twelve not evaluated; the first WHAT_IFS questions
# answered.
fill() {
	local db=$1 org=$2 assets=$3 risks=$4 what_ifs=$5 primary
	primary=$(( assets / 10 > 0 ? assets / 10 : 1 ))
	{
		cat "$WORK/kb.sql"
		cat <<EOF2
INSERT INTO what_if_answers (org_id, what_if, impact, likelihood, measures, updated_at)
SELECT $org, id, 1 + length(id) % 4, 1 + length(id) * 7 % 4, '', 1700000000 FROM w
WHERE n < $what_ifs;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $assets)
INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
  created_at, updated_at)
SELECT $org, i, (CASE WHEN i <= $primary THEN 'Information ' ELSE 'Equipment ' END) || i,
  CASE WHEN i <= $primary THEN 'info-customers' ELSE 'hw-laptop' END, i <= $primary,
  CASE WHEN i <= $primary THEN i % 5 ELSE -1 END, CASE WHEN i <= $primary THEN (i * 3) % 5 ELSE -1 END,
  CASE WHEN i <= $primary THEN (i * 7) % 5 ELSE -1 END, 1700000000, 1700000000 FROM n;
WITH RECURSIVE n(i) AS (SELECT $primary + 1 UNION ALL SELECT i + 1 FROM n WHERE i < $assets)
INSERT INTO asset_links (org_id, asset_id, support_id)
SELECT $org, 1 + i % $primary, i FROM n UNION SELECT $org, 1 + (i * 7) % $primary, i FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $risks - 1)
INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level,
  created_at, updated_at)
SELECT $org, i + 1, 1 + i % $assets,
  (SELECT id FROM t WHERE n = (i / $assets) % (SELECT count(*) FROM t)),
  (SELECT id FROM v WHERE n = (i / $assets + i / ($assets * (SELECT count(*) FROM t)))
    % (SELECT count(*) FROM v)),
  CASE WHEN i % 12 = 5 THEN -1 ELSE i % 5 END, (i * 13) % 6, 1700000000, 1700000000 FROM n;
EOF2
	} | sqlite3 "$db" || die "could not write the risks into $db"
}

# single PATH: the server time of one request, in milliseconds: curl's time
# to the first byte on a loopback connection kept alive (the server's work
# plus a few tens of microseconds; it builds the whole answer before it
# sends a byte). Median of 21.
single() {
	local path=$1 args=()
	for _ in $(seq 21); do args+=(-o /dev/null -w '%{time_starttransfer}\n' "$RAVELIN$path"); done
	curl -sS -H "$COOKIE" "${args[@]}" | sort -n | sed -n 11p | awk '{ printf "%.1f", $1 * 1000 }'
}

machine_line "ravelin risk register benchmark"
versions
say "  wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP); sizes (assets:risks:what-ifs) $SIZES"

SUMMARY=()
n=0
for size in $SIZES; do
	IFS=: read -r assets risks what_ifs <<<"$size"
	n=$(( n + 1 ))
	data=$WORK/data-$n
	add_owner "$data"
	db=$data/ravelin.db
	org=$(sqlite3 "$db" "SELECT id FROM orgs WHERE name = '$ORG'")
	fill "$db" "$org" "$assets" "$risks" "$what_ifs"
	count=$(sqlite3 "$db" "SELECT count(*) FROM risks WHERE org_id = $org")
	[ "$count" = "$risks" ] || die "$count risks written, $risks expected"
	answers=$(sqlite3 "$db" "SELECT count(*) FROM what_if_answers WHERE org_id = $org")

	start_ravelin "$data"
	login
	page=/o/$org/risks
	file=register-$n.html
	status=$(curl -sS -H "$COOKIE" -D "$WORK/ravelin.headers" -o "$WORK/html/$file" \
		-w '%{http_code}' "$RAVELIN$page")
	[ "$status" = 200 ] || die "GET $page answered $status"
	grep -q 'class="risk-register"' "$WORK/html/$file" || die "GET $page is not the register"
	shown=$(grep -o 'of [0-9,]* <a href' "$WORK/html/$file" | head -n1) || true
	body_bytes=$(stat -c %s "$WORK/html/$file")
	serve_static "$file"

	say ""
	say "== $assets assets, $count risks, $answers open 'what if' answers: GET $page," \
		"$body_bytes bytes of HTML (${shown% <a href})"
	say ""
	say "server time of one request (median of 21, time to first byte):"
	middle=$(( (count + answers + 49) / 50 / 2 ))   # a page in the middle
	middle=$(( middle > 0 ? middle : 1 ))
	for path in "$page" "$page?sort=asset&page=$middle" "$page?q=laptop&level=high" \
		"$page.csv" "$page/heatmap.svg"; do
		printf '  GET %-36s %6s ms\n' "$path" "$(single "$path")"
	done
	say ""
	say "ravelin  GET $RAVELIN$page (with the session cookie)"
	# (a register of 10,000 risks takes more than wrk's 2 s timeout
	# when 50 connections queue on two cores)
	wrk_run ravelin-$n "$RAVELIN$page" "$WORK/ravelin.headers" "$body_bytes" register \
		--timeout 30s -H "$COOKIE"
	ravelin_rps=$RPS ravelin_p50=$P50_MS
	say ""
	say "nginx    GET $NGINX_BASE/$file (the same bytes, static)"
	wrk_run nginx-$n "$NGINX_BASE/$file" "$WORK/$file.nginx-headers" "$body_bytes" register \
		--timeout 30s
	nginx_rps=$RPS

	status=$(curl -sS -H "$COOKIE" -o /dev/null -w '%{http_code}' "$RAVELIN$page")
	[ "$status" = 200 ] || { say "ERROR: after the run, GET $page answered $status"; FAILED=1; }
	ravelin_stderr
	stop_ravelin

	r=$(ratio "$ravelin_rps" "$nginx_rps")
	SUMMARY+=("$(printf '%6s risks, %4s assets  ravelin %9s  nginx %9s  register/nginx %5s %%  (p50 %s ms)' \
		"$risks" "$assets" "$ravelin_rps" "$nginx_rps" "$r" "$ravelin_p50")")
done

say ""
say "requests/s of the register (target >= 50 % of nginx at a small business's size):"
printf '  %s\n' "${SUMMARY[@]}"
[ "$FAILED" = 0 ] || say "INVALID: a run got answers that were not the register"
exit "$FAILED"
