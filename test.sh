#!/usr/bin/env bash
# Runs every Collab test against real parts: a throw-away PostgreSQL on a free loopback port,
# Debian's Chromium for browser tests. Installs missing Debian packages when it can (root or sudo).
# Screenshots of browser tests go to artifacts/screenshots; COLLAB_UPDATE_SCREENSHOTS=1 refreshes docs/screenshots.
# Last line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD

# ---------------------------------------------------------------- system packages
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
/usr/bin/python3 -c "import aiosmtpd" >/dev/null 2>&1 || need+=(python3-aiosmtpd)
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing missing packages: ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo -n"
  if $sudo_cmd true 2>/dev/null; then
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test.sh: cannot install ${need[*]} (not root and no sudo): tests that need them will fail." >&2
  fi
fi

# ---------------------------------------------------------------- throw-away PostgreSQL
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
pgdir=""
cleanup() {
  if [ -n "$pgdir" ] && [ -d "$pgdir" ]; then
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
trap cleanup EXIT
if [ -n "$pgbin" ] && [ -z "${COLLAB_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d /tmp/collab-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
  pgport=$(free_port)
  as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -o "-p $pgport -k $pgdir -h 127.0.0.1 -c fsync=off -c max_connections=300" -w start >/dev/null
  export COLLAB_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres"
  echo "test.sh: PostgreSQL on 127.0.0.1:$pgport"
fi

# ---------------------------------------------------------------- build and test
export COLLAB_CHROMIUM=${COLLAB_CHROMIUM:-/usr/bin/chromium}
dotnet build Collab.sln -c Release -nologo -clp:ErrorsOnly
# The README's own commands (`dotnet run --project src/Collab.Web -- …`) are started verbatim by ReadmeClusterTests
# (with --no-build): they run the default (Debug) build of the web host.
dotnet build src/Collab.Web -nologo -clp:ErrorsOnly
results=$(mktemp -d /tmp/collab-test.XXXXXX)
set +e
dotnet test Collab.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}
set -e

# Count from the TRX files (one per test project); a project whose host crashed has none.
read -r passed failed skipped < <(/usr/bin/python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
expected=$(ls tests/*/*.csproj | xargs grep -l "<IsTestProject>true" | wc -l)
found=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [ "$found" -lt "$expected" ]; then
  echo "test.sh: only $found of $expected test projects reported results" >&2
  failed=$((failed + expected - found))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
rm -rf "$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
