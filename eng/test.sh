#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages), then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(postgresql-15 iproute2 pdns-server pdns-backend-sqlite3 bind9 bind9-utils prometheus-blackbox-exporter etcd-server chromium jq curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages the tests need: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # The tests start their own servers on loopback: keep the packages' services from starting at install.
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null
    $sudo_cmd chmod +x /usr/sbin/policy-rc.d
    made_policy=yes
  fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
  [ -n "$made_policy" ] && $sudo_cmd rm -f /usr/sbin/policy-rc.d
fi

# kube-apiserver has no Debian binary package: built once from Debian's source package (about 6 minutes), then cached.
FAILOVER_KUBE_APISERVER=$(bash eng/kube-apiserver.sh)
export FAILOVER_KUBE_APISERVER

dotnet build Failover.sln -c Release -warnaserror -nologo -v minimal
log=$(mktemp)
status=0
# The lab's end-to-end tests run alone once the others are done: they hold the lab's fixed ports, and its 3 s leases and
# 500 ms probes are what an estate runs, not what two cores shared with every other test assembly can serve in time.
# Arguments (e.g. a --filter of one's own) run the whole solution at once.
if [ $# -gt 0 ]; then
  dotnet test Failover.sln -c Release --no-build -nologo -v minimal "$@" 2>&1 | tee "$log" || status=$?
else
  dotnet test Failover.sln -c Release --no-build -nologo -v minimal --filter "FullyQualifiedName!~Failover.Lab.Tests" 2>&1 | tee "$log" || status=$?
  dotnet test tests/Failover.Lab.Tests -c Release --no-build -nologo -v minimal 2>&1 | tee -a "$log" || status=$?
fi
# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) } }
     END { printf "Tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit $status
