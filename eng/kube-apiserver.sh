#!/usr/bin/env bash
# Builds kube-apiserver 1.20.2 from Debian's own `kubernetes` source package (there is no binary package) and
# caches it, so the Kubernetes tests can start a real API server on loopback. Prints the binary's path.
# Also makes sure etcd and kubectl are installed. About 6 minutes on 2 cores the first time; instant afterwards.
set -euo pipefail

cache="${FAILOVER_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/failover/kube-apiserver-1.20.2}"
binary="$cache/kube-apiserver"
sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

need=()
command -v etcd >/dev/null || need+=(etcd-server)
command -v kubectl >/dev/null || need+=(kubernetes-client)
if [ ! -x "$binary" ]; then
  command -v go >/dev/null || need+=(golang-go)
  command -v rsync >/dev/null || need+=(rsync)
  command -v make >/dev/null || need+=(make)
  command -v jq >/dev/null || need+=(jq)
  command -v dpkg-source >/dev/null || need+=(dpkg-dev)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing for the Kubernetes tests: ${need[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
if [ -x "$binary" ]; then echo "$binary"; exit 0; fi

# A deb-src twin of each deb entry, so `apt-get source` can find the package (deb822 or one-line sources).
sources=/etc/apt/sources.list.d/debian.sources
if [ -f "$sources" ] && ! grep -q '^Types:.*deb-src' "$sources"; then
  $sudo_cmd sed -i 's/^Types: deb$/Types: deb deb-src/' "$sources"
  $sudo_cmd apt-get update -qq
elif [ ! -f "$sources" ] && [ -f /etc/apt/sources.list ] && ! grep -q '^deb-src' /etc/apt/sources.list; then
  sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | $sudo_cmd tee /etc/apt/sources.list.d/failover-deb-src.list >/dev/null
  $sudo_cmd apt-get update -qq
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Building kube-apiserver from Debian's kubernetes source package (about 6 minutes)..." >&2
(cd "$work" && apt-get source --download-only kubernetes >&2)
orig=$(ls "$work"/kubernetes_*.orig.tar.gz | head -1)
mkdir -p "$work/src"
tar -xzf "$orig" -C "$work/src" --strip-components=1
(
  cd "$work/src"
  mkdir -p .go/src/k8s.io
  ln -s ../../.. .go/src/k8s.io/kubernetes
  GOPATH=$PWD/.go CGO_ENABLED=0 make WHAT=cmd/kube-apiserver >&2
)
mkdir -p "$cache"
cp "$work/src/_output/local/bin/linux/amd64/kube-apiserver" "$binary.tmp"
mv "$binary.tmp" "$binary"
echo "$binary"
