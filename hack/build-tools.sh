#!/usr/bin/env bash
# Builds the real control plane's binaries (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, etcd, kwok and kwok's default stages) from the Go modules pinned in hack/tools/*/go.mod and go.sum, into a cache
# outside the clone keyed by version, so that a second run costs seconds. Prints the folder.
set -euo pipefail
cd "$(dirname "$0")/tools"
# Go is often on PATH only for interactive shells; its usual home is enough.
command -v go >/dev/null || export PATH=/usr/local/go/bin:$PATH
K8S=1.36.3
ETCD=$(grep -oE 'go.etcd.io/etcd/server/v3 v[0-9.]+' etcd/go.mod | cut -d' ' -f2)
KWOK=$(grep -oE 'sigs.k8s.io/kwok v[0-9.]+' kwok/go.mod | cut -d' ' -f2)
OUT=${MODELDEPLOY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/modeldeploy/k8s-v$K8S-etcd-$ETCD-kwok-$KWOK}
mkdir -p "$OUT"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
LD="-s -w -X k8s.io/component-base/version.gitVersion=v$K8S -X k8s.io/component-base/version.gitMajor=${K8S%%.*}"
LD="$LD -X k8s.io/component-base/version.gitMinor=$(echo $K8S | cut -d. -f2) -X k8s.io/component-base/version.gitTreeState=clean"
build() { # module-dir package binary [ldflags]
  [ -x "$OUT/$3" ] && return 0
  local started=$SECONDS
  (cd "$1" && go build -trimpath -ldflags "${4:-"-s -w"}" -o "$OUT/$3.partial" "$2")
  mv "$OUT/$3.partial" "$OUT/$3"
  echo "built $3 in $((SECONDS - started)) s" >&2
}
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  build kubernetes k8s.io/kubernetes/cmd/$cmd $cmd "$LD"
done
build etcd go.etcd.io/etcd/server/v3 etcd
build kwok sigs.k8s.io/kwok/cmd/kwok kwok
build kwok ./stages kwok-stages
[ -s "$OUT/kwok-stages.yaml" ] || "$OUT/kwok-stages" > "$OUT/kwok-stages.yaml"
echo "$OUT"
