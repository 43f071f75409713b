#!/usr/bin/env bash
# A real control plane on 127.0.0.1 only, from the binaries hack/build-tools.sh built:
# etcd, kube-apiserver (RBAC, admission on, certificates made here), kube-controller-manager,
# kube-scheduler, and kwok with four fake GPU nodes (8 nvidia.com/gpu each) whose pods kwok runs;
# then the vendor simulator and the operator itself (the packaged application, default provider
# ModelStudio pointed at the simulator), authenticated as its ServiceAccount with exactly the RBAC
# the Helm chart renders, not as cluster-admin. Needs `make build` and target/test.classpath first
# (`make cluster-up` does both).
#
#   hack/cluster.sh up     start what is not running (idempotent), print the exports
#   hack/cluster.sh down   stop every process it started, by pid, and remove the state
#
# State under target/cluster (CLUSTER_DIR moves it: the end-to-end tests run their own), logs under
# <that>/logs/<component>.log. Ports, the nodes' size and count can be moved with the environment
# variables below; START_OPERATOR=no leaves the operator out (the benchmark runs its own in-process,
# with the same ServiceAccount: operator.kubeconfig). OPERATOR_IMAGE_BUNDLE=<dir> runs the operator
# from the operator's image instead (an unpacked bundle: rootfs and config.json, as `umoci unpack`
# writes it): its entrypoint, environment and user, chrooted into its filesystem, configured by the
# chart's ConfigMap and given its ServiceAccount the way a pod is (token, CA and namespace files,
# KUBERNETES_SERVICE_HOST/PORT). START_GATEWAY=no leaves out the inference gateway: otherwise Redis,
# a fake vLLM server standing in for cluster deployments' pods (kwok runs no containers), and two
# gateway replicas sharing that Redis, as the chart's gateway ServiceAccount, with a caller key in
# namespace default; the exports then include OPENAI_BASE_URL and OPENAI_API_KEY.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${CLUSTER_DIR:-$ROOT/target/cluster}
LOGS=$DIR/logs
PIDS=$DIR/pids
ETCD_PORT=${ETCD_PORT:-12379}
ETCD_PEER_PORT=${ETCD_PEER_PORT:-12380}
API_PORT=${API_PORT:-16443}
KCM_PORT=${KCM_PORT:-10357}
SCHED_PORT=${SCHED_PORT:-10359}
KWOK_PORT=${KWOK_PORT:-10347}
OPERATOR_PORT=${OPERATOR_PORT:-18080}
SIMULATOR_PORT=${SIMULATOR_PORT:-18090}
OPERATOR_NS=modeldeploy-system
RELEASE=mdo
SIMULATOR_KEY=sk-local-simulator
NODES=${NODES:-4}
GPUS_PER_NODE=${GPUS_PER_NODE:-8}
PODS_PER_NODE=${PODS_PER_NODE:-110}
START_OPERATOR=${START_OPERATOR:-yes}
START_GATEWAY=${START_GATEWAY:-yes}
GATEWAY_PORT=${GATEWAY_PORT:-18100}
REDIS_PORT=${REDIS_PORT:-16379}
MODEL_PORT=${MODEL_PORT:-18091}
# The controllers and the scheduler talk to the API server unthrottled (their defaults are 20 to 50
# requests/s), so that creating many deployments measures the operator, not their client limits.
CONTROLLER_QPS=(--kube-api-qps 1000 --kube-api-burst 2000)

log() { echo "cluster: $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_ok() { # port path: a 200 answer on 127.0.0.1, without curl
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3 && head -1 <&3 | grep -q ' 200') 2>/dev/null
}

running() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

start() { # name command...
  local name=$1; shift
  if running "$name"; then return 0; fi
  "$@" >"$LOGS/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
}

wait_for() { # what seconds command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  log "$what did not come up in ${seconds}s; see $LOGS"
  return 1
}

certificates() {
  local pki=$DIR/pki
  [ -f "$pki/admin.crt" ] && return 0
  mkdir -p "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -out "$pki/ca.crt" -days 3650 \
    -subj "/CN=modeldeploy-test-ca" 2>/dev/null
  sign() { # name subject extensions
    openssl req -newkey rsa:2048 -nodes -keyout "$pki/$1.key" -out "$pki/$1.csr" -subj "$2" 2>/dev/null
    openssl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 3650 \
      -out "$pki/$1.crt" -extfile <(printf '%s\n' "$3") 2>/dev/null
  }
  sign apiserver "/CN=kube-apiserver" "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth"
  sign admin "/CN=admin/O=system:masters" "extendedKeyUsage=clientAuth"
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
}

kubeconfig() {
  local file=$DIR/kubeconfig
  [ -f "$file" ] && return 0
  KUBECONFIG=$file "$TOOLS/kubectl" config set-cluster local --server="https://127.0.0.1:$API_PORT" \
    --certificate-authority="$DIR/pki/ca.crt" --embed-certs=true >/dev/null
  KUBECONFIG=$file "$TOOLS/kubectl" config set-credentials admin --client-certificate="$DIR/pki/admin.crt" \
    --client-key="$DIR/pki/admin.key" --embed-certs=true >/dev/null
  KUBECONFIG=$file "$TOOLS/kubectl" config set-context local --cluster=local --user=admin >/dev/null
  KUBECONFIG=$file "$TOOLS/kubectl" config use-context local >/dev/null
}

nodes() {
  for i in $(seq 1 "$NODES"); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: gpu-node-$i
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels: {kubernetes.io/hostname: gpu-node-$i, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok}
status:
  allocatable: {cpu: "64", memory: 512Gi, pods: "$PODS_PER_NODE", nvidia.com/gpu: "$GPUS_PER_NODE"}
  capacity: {cpu: "64", memory: 512Gi, pods: "$PODS_PER_NODE", nvidia.com/gpu: "$GPUS_PER_NODE"}
EOF
  done
}

# The API server records every request the operator's ServiceAccount makes, and nothing else, one
# JSON line each in logs/audit.log: what the tests and the benchmark count as the operator's requests.
audit_policy() {
  cat >"$DIR/audit-policy.yaml" <<EOF
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
- level: Metadata
  users: ["system:serviceaccount:$OPERATOR_NS:$RELEASE-modeldeploy-operator"]
- level: None
EOF
}

up() {
  TOOLS=$(hack/build-tools.sh)
  mkdir -p "$LOGS" "$PIDS"
  certificates
  kubeconfig
  local pki=$DIR/pki kc=$DIR/kubeconfig
  audit_policy
  start etcd "$TOOLS/etcd" --name local --data-dir "$DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --quota-backend-bytes 4294967296
  # Service and pod ranges (here and kwok's --cidr) are /16s: a /24 was full at 254 Services (found by the benchmark).
  start kube-apiserver "$TOOLS/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
    --authorization-mode RBAC --allow-privileged=true --service-cluster-ip-range 10.96.0.0/16 \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" \
    --audit-policy-file "$DIR/audit-policy.yaml" --audit-log-path "$LOGS/audit.log" --audit-log-format json
  wait_for kube-apiserver 60 "$TOOLS/kubectl" --kubeconfig "$kc" get --raw /readyz
  start kube-controller-manager "$TOOLS/kube-controller-manager" --kubeconfig "$kc" \
    --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" --bind-address 127.0.0.1 --secure-port "$KCM_PORT" \
    --leader-elect=false --use-service-account-credentials --service-account-private-key-file "$pki/sa.key" \
    --root-ca-file "$pki/ca.crt" --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    "${CONTROLLER_QPS[@]}"
  start kube-scheduler "$TOOLS/kube-scheduler" --kubeconfig "$kc" --authentication-kubeconfig "$kc" \
    --authorization-kubeconfig "$kc" --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" --leader-elect=false \
    "${CONTROLLER_QPS[@]}"
  start kwok "$TOOLS/kwok" --kubeconfig "$kc" --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake --config "$TOOLS/kwok-stages.yaml" \
    --server-address "127.0.0.1:$KWOK_PORT" --cidr 10.244.0.0/16 --node-ip 127.0.0.1
  nodes | "$TOOLS/kubectl" --kubeconfig "$kc" apply -f - >/dev/null
  wait_for "nodes Ready" 60 bash -c "'$TOOLS/kubectl' --kubeconfig '$kc' wait --for=condition=Ready node --all --timeout=1s"
  wait_for "the default ServiceAccount" 60 "$TOOLS/kubectl" --kubeconfig "$kc" get serviceaccount default -n default
  operator "$kc"
  log "up: $("$TOOLS/kubectl" --kubeconfig "$kc" get nodes --no-headers | wc -l) fake GPU nodes, the simulator at" \
    "http://127.0.0.1:$SIMULATOR_PORT, $([ "$START_OPERATOR" = yes ] && echo "the operator ready" || echo "no operator"); logs in $LOGS"
  mkdir -p "$DIR/bin"
  ln -sf "$TOOLS/kubectl" "$DIR/bin/kubectl"
  [ -x "$ROOT/.tools/helm" ] && ln -sf "$ROOT/.tools/helm" "$DIR/bin/helm"
  if [ "$START_GATEWAY" = yes ]; then
    gateway "$kc"
    echo "export OPENAI_BASE_URL=http://127.0.0.1:$GATEWAY_PORT/v1"
    echo "export OPENAI_API_KEY=$(cat "$DIR/gateway-key")"
  fi
  echo "export KUBECONFIG=$kc"
  echo "export PATH=$DIR/bin:\$PATH"
}

# The operator as the chart installs it: CRDs applied server-side, its ServiceAccount bound to the
# chart's rules, a token for that ServiceAccount, the API key Secret, then the packaged application.
operator() {
  local kc=$1 k="$TOOLS/kubectl --kubeconfig $1" okc=$DIR/operator.kubeconfig
  $k apply --server-side -f "$ROOT/deploy/crds/" >/dev/null
  $k get namespace "$OPERATOR_NS" >/dev/null 2>&1 || $k create namespace "$OPERATOR_NS" >/dev/null
  "$ROOT/.tools/helm" template "$RELEASE" "$ROOT/helm/modeldeploy-operator" --namespace "$OPERATOR_NS" \
    -s templates/rbac.yaml -s templates/serviceaccount.yaml -s templates/privileges.yaml | $k apply -f - >/dev/null
  # Workspaces are enforced, as the chart installs them: the default namespace may deploy every model.
  printf '%s\n' "apiVersion: modeldeploy.io/v1alpha1" "kind: ModelGrant" "metadata: {name: workspace, namespace: default}" \
    "spec: {models: [{model: '*'}]}" | $k apply -f - >/dev/null
  $k -n "$OPERATOR_NS" create secret generic modelstudio-api-key --from-literal=api-key="$SIMULATOR_KEY" \
    --dry-run=client -o yaml | $k apply -f - >/dev/null
  sa_kubeconfig "$RELEASE-modeldeploy-operator" "$okc"
  local classpath=${SIMULATOR_CLASSPATH:-$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/test.classpath")}
  start simulator java -cp "$classpath" \
    io.modeldeploy.simulator.ModelStudioSimulator "$SIMULATOR_PORT" "$SIMULATOR_KEY"
  wait_for simulator 30 port_open "$SIMULATOR_PORT"
  [ "$START_OPERATOR" = yes ] || return 0
  if [ -n "${OPERATOR_IMAGE_BUNDLE:-}" ]; then image_operator "$kc"; return 0; fi
  start_operator
}

# The packaged operator under its ServiceAccount (operator.kubeconfig), until it is ready.
start_operator() {
  local okc=$DIR/operator.kubeconfig
  # shellcheck disable=SC2086 # OPERATOR_OPTS: extra -D settings, e.g. a short progress deadline for tests
  start operator env KUBECONFIG="$okc" java -XX:MaxRAMPercentage=25 ${OPERATOR_OPTS:-} -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$OPERATOR_PORT" -Dmodeldeploy.default-provider=ModelStudio \
    -Dmodeldeploy.modelstudio.base-url="http://127.0.0.1:$SIMULATOR_PORT/api/v1" -Dmodeldeploy.modelstudio.allow-insecure-http=true \
    -Dmodeldeploy.modelstudio.endpoint="http://127.0.0.1:$SIMULATOR_PORT/compatible-mode/v1" \
    -Dmodeldeploy.modelstudio.api-key-secret.namespace="$OPERATOR_NS" \
    -Dmodeldeploy.leader-election.lease-namespace="$OPERATOR_NS" -Dmodeldeploy.privileges.enforce=true \
    -Dmodeldeploy.autoscaling.model-metrics-url="http://127.0.0.1:$MODEL_PORT/metrics/{namespace}/{name}" \
    -Dmodeldeploy.autoscaling.gateway-metrics-urls="http://127.0.0.1:$GATEWAY_PORT/q/metrics,http://127.0.0.1:$((GATEWAY_PORT + 1))/q/metrics" \
    -jar "$ROOT/target/quarkus-app/quarkus-run.jar"
  wait_for operator 120 http_ok "$OPERATOR_PORT" /q/health/ready
}

# The operator as its image runs it in a pod, without a container runtime: a private mount and PID
# namespace, /proc and /dev mounted into the image's filesystem, the ServiceAccount's files where a
# pod has them, the chart's operator.properties where the chart mounts it, then chroot as the image's
# user into its entrypoint with its environment.
image_operator() {
  local kc=$1 k="$TOOLS/kubectl --kubeconfig $1" bundle=$OPERATOR_IMAGE_BUNDLE rootfs=$OPERATOR_IMAGE_BUNDLE/rootfs
  local sa=$rootfs/var/run/secrets/kubernetes.io/serviceaccount config=$rootfs/etc/modeldeploy/config
  mkdir -p "$sa" "$config"
  $k -n "$OPERATOR_NS" create token "$RELEASE-modeldeploy-operator" --duration=48h >"$sa/token"
  cp "$DIR/pki/ca.crt" "$sa/ca.crt"
  echo "$OPERATOR_NS" >"$sa/namespace"
  "$ROOT/.tools/helm" template "$RELEASE" "$ROOT/helm/modeldeploy-operator" --namespace "$OPERATOR_NS" -s templates/configmap.yaml \
    --set defaultProvider=ModelStudio --set modelstudio.baseUrl="http://127.0.0.1:$SIMULATOR_PORT/api/v1" \
    --set modelstudio.endpoint="http://127.0.0.1:$SIMULATOR_PORT/compatible-mode/v1" \
    --set modelstudio.allowInsecureHttp=true |
    sed -n '/operator.properties: |/,/^[^ ]/{/operator.properties: |/d;/^[^ ]/d;s/^    //;p}' >"$config/operator.properties"
  : >"$rootfs/etc/hosts"
  local user env entrypoint
  user=$(python3 -c 'import json, sys; u = json.load(open(sys.argv[1]))["process"]["user"]; print("%d:%d" % (u["uid"], u["gid"]))' "$bundle/config.json")
  env=$(python3 -c 'import json, shlex, sys; print(" ".join(shlex.quote(e) for e in json.load(open(sys.argv[1]))["process"]["env"]))' "$bundle/config.json")
  entrypoint=$(python3 -c 'import json, shlex, sys; print(" ".join(shlex.quote(a) for a in json.load(open(sys.argv[1]))["process"]["args"]))' "$bundle/config.json")
  # Recorded for down: the JVM runs as the namespace's first process under another user, so it outlives unshare.
  echo "$rootfs" >"$DIR/operator-rootfs"
  start operator unshare --mount --pid --fork --kill-child sh -c "
    mount -t proc proc '$rootfs/proc' && mount --rbind /dev '$rootfs/dev' && mount --bind /etc/hosts '$rootfs/etc/hosts' &&
    exec env -i $env QUARKUS_CONFIG_LOCATIONS=/etc/modeldeploy/config/operator.properties KUBERNETES_NAMESPACE=$OPERATOR_NS \
      KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$API_PORT QUARKUS_HTTP_PORT=$OPERATOR_PORT \
      $(command -v chroot) --userspec=$user '$rootfs' $entrypoint"
  wait_for operator 120 http_ok "$OPERATOR_PORT" /q/health/ready
}

# A token of a ServiceAccount as a kubeconfig of its own: name, file.
sa_kubeconfig() {
  local kc=$DIR/kubeconfig sa=$1 out=$2 token
  [ -f "$out" ] && return 0
  token=$("$TOOLS/kubectl" --kubeconfig "$kc" -n "$OPERATOR_NS" create token "$sa" --duration=48h)
  KUBECONFIG=$out "$TOOLS/kubectl" config set-cluster local --server="https://127.0.0.1:$API_PORT" \
    --certificate-authority="$DIR/pki/ca.crt" --embed-certs=true >/dev/null
  KUBECONFIG=$out "$TOOLS/kubectl" config set-credentials "$sa" --token="$token" >/dev/null
  KUBECONFIG=$out "$TOOLS/kubectl" config set-context local --cluster=local --user="$sa" --namespace="$OPERATOR_NS" >/dev/null
  KUBECONFIG=$out "$TOOLS/kubectl" config use-context local >/dev/null
}

# The inference gateway as the chart runs it (its ServiceAccount and RBAC, the gateway profile), two
# replicas on one Redis; cluster deployments' calls go to the fake vLLM server, vendor ones to the
# simulator's compatible mode (the operator writes that to status.endpoint).
gateway() {
  local kc=$1 k="$TOOLS/kubectl --kubeconfig $1" gkc=$DIR/gateway.kubeconfig
  "$ROOT/.tools/helm" template "$RELEASE" "$ROOT/helm/modeldeploy-operator" --namespace "$OPERATOR_NS" \
    -s templates/gateway-rbac.yaml | $k apply -f - >/dev/null
  sa_kubeconfig "$RELEASE-modeldeploy-operator-gateway" "$gkc"
  [ -f "$DIR/gateway-key" ] || echo "sk-md-local-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')" >"$DIR/gateway-key"
  $k -n default create secret generic modeldeploy-gateway-keys --from-literal=local="$(cat "$DIR/gateway-key")" \
    --dry-run=client -o yaml | $k apply -f - >/dev/null
  start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$DIR"
  local classpath=${SIMULATOR_CLASSPATH:-$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/test.classpath")}
  start model java -XX:MaxRAMPercentage=10 -cp "$classpath" io.modeldeploy.testing.FakeModelServer "$MODEL_PORT"
  local replica port
  for replica in 1 2; do
    port=$((GATEWAY_PORT + replica - 1))
    # shellcheck disable=SC2086 # GATEWAY_OPTS: extra -D settings, e.g. a short usage interval for tests
    start "gateway-$replica" env KUBECONFIG="$gkc" java -XX:MaxRAMPercentage=15 ${GATEWAY_OPTS:-} -Dquarkus.profile=gateway \
      -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dmodeldeploy.gateway.redis-url="redis://127.0.0.1:$REDIS_PORT" \
      -Dmodeldeploy.gateway.cluster-upstream="http://127.0.0.1:$MODEL_PORT/v1" \
      -Dmodeldeploy.modelstudio.api-key-secret.namespace="$OPERATOR_NS" -jar "$ROOT/target/quarkus-app/quarkus-run.jar"
  done
  wait_for redis 30 port_open "$REDIS_PORT"
  wait_for model 30 port_open "$MODEL_PORT"
  for replica in 1 2; do wait_for "gateway-$replica" 120 http_ok "$((GATEWAY_PORT + replica - 1))" /q/health/ready; done
  log "gateway: http://127.0.0.1:$GATEWAY_PORT/v1 and :$((GATEWAY_PORT + 1)) (Redis :$REDIS_PORT, fake vLLM :$MODEL_PORT);" \
    "a caller key for namespace default in Secret default/modeldeploy-gateway-keys"
}

# Processes chrooted into the image's filesystem (image_operator): found by their root directory.
stop_image_operator() {
  [ -f "$DIR/operator-rootfs" ] || return 0
  local rootfs pids=() p
  rootfs=$(cat "$DIR/operator-rootfs")
  for p in /proc/[0-9]*; do [ "$(readlink "$p/root" 2>/dev/null)" = "$rootfs" ] && pids+=("${p#/proc/}"); done
  [ ${#pids[@]} -eq 0 ] && return 0
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "${pids[@]}" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "${pids[@]}" 2>/dev/null || true
}

stop() { # name...: SIGTERM to all at once, SIGKILL to any still running after 5 s; returns once they are gone
  local name
  for name in "$@"; do running "$name" && kill "$(cat "$PIDS/$name.pid")" 2>/dev/null || true; done
  for name in "$@"; do
    for _ in $(seq 1 50); do running "$name" || break; sleep 0.1; done
    if running "$name"; then
      kill -9 "$(cat "$PIDS/$name.pid")" 2>/dev/null || true
      for _ in $(seq 1 20); do running "$name" || break; sleep 0.1; done
    fi
  done
}

# The operator stopped as a pod is (SIGTERM) and started again: what the end-to-end tests restart mid-rollout.
restart_operator() {
  stop operator
  start_operator
  log "operator restarted"
}

down() {
  stop_image_operator
  stop gateway-1 gateway-2 model redis operator simulator kwok kube-scheduler kube-controller-manager kube-apiserver etcd
  rm -rf "$DIR"
  log "down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  restart-operator) restart_operator ;;
  *) echo "usage: $0 up|down|restart-operator" >&2; exit 2 ;;
esac
