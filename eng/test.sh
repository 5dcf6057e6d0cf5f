#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(postgresql-15 pdns-server pdns-backend-sqlite3 bind9 bind9-utils prometheus-blackbox-exporter)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages the tests need: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # Servers are started by the tests themselves on loopback; keep the packages' own services from starting.
  printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee /usr/sbin/policy-rc.d >/dev/null && $sudo_cmd chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
  $sudo_cmd rm -f /usr/sbin/policy-rc.d
fi

dotnet build Failover.sln -c Release -warnaserror -nologo -v minimal
dotnet test Failover.sln -c Release --no-build -nologo -v minimal "$@"
