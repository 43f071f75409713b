#!/usr/bin/env bash
# make image-smoke: the built image's filesystem runs the operator against the real local control
# plane. The OCI archive is unpacked (skopeo, umoci: no daemon), hack/cluster.sh starts the control
# plane and the vendor simulator and runs the image's entrypoint as the image's user (see
# OPERATOR_IMAGE_BUNDLE there), with the chart's RBAC and ConfigMap; the operator must become ready,
# run as uid 65532, and bring a ModelDeployment of each back end to Running. Before that the image is
# built twice, which must give the same digest. Needs `make build` and the image tools (make image-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
version=$(python3 -c 'import xml.etree.ElementTree as E; print(E.parse("pom.xml").getroot().findtext("{http://maven.apache.org/POM/4.0.0}version"))')
archive=target/image/modeldeploy-operator-$version.tar
# Reproducible: the same application on the same base is the same image, byte for byte. Built here,
# twice, from the application as it is packaged now.
hack/make-image.sh >/dev/null
digest=$(cat "target/image/modeldeploy-operator-$version.digest")
hack/make-image.sh >/dev/null
again=$(cat "target/image/modeldeploy-operator-$version.digest")
[ "$digest" = "$again" ] || { echo "image-smoke: built twice, the image's digest changed: $digest, then $again" >&2; exit 1; }
# The vendor simulator runs from the test classes (as for make cluster-up).
[ -f target/test.classpath ] ||
  mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test >/dev/null
work=$ROOT/target/image-smoke
export CLUSTER_DIR=$work/cluster
cleanup() { hack/cluster.sh down >/dev/null 2>&1 || true; }
# The operator's log outlives the cluster, for a failure's diagnosis.
trap 'cp "$CLUSTER_DIR/logs/operator.log" "$work/operator.log" 2>/dev/null; cleanup' EXIT
cleanup
rm -rf "$work"
mkdir -p "$work"
start=$SECONDS
skopeo copy --quiet "oci-archive:$archive" "oci:$work/oci:smoke"
umoci unpack --image "$work/oci:smoke" "$work/bundle" >/dev/null

# The gateway role is the same jar (GatewayE2EIT runs it); this smoke test is about the image and the operator.
eval "$(START_GATEWAY=no OPERATOR_IMAGE_BUNDLE=$work/bundle hack/cluster.sh up)"
# The operator's JVM: the process whose root is the image's filesystem.
java_pid=
for p in /proc/[0-9]*; do
  [ "$(readlink "$p/root" 2>/dev/null)" = "$work/bundle/rootfs" ] && grep -qa quarkus-run.jar "$p/cmdline" && java_pid=${p#/proc/}
done
[ -n "$java_pid" ] || { echo "image-smoke: no operator process inside the image's filesystem" >&2; exit 1; }
uid=$(awk '/^Uid:/ {print $2}' "/proc/$java_pid/status")
[ "$uid" = 65532 ] || { echo "image-smoke: the operator runs as uid $uid, not the image's 65532" >&2; exit 1; }
kubectl apply -f examples/modelunit-payg.yaml -f examples/ptu-payg.yaml >/dev/null
for name in qwen3-8b-chat qwen3-max-ptu; do
  kubectl wait --for=jsonpath='{.status.phase}'=Running "mdep/$name" -n default --timeout=120s >/dev/null ||
    { echo "image-smoke: $name did not reach Running" >&2; kubectl get mdep -A >&2; tail -30 "$CLUSTER_DIR/logs/operator.log" >&2; exit 1; }
done
echo "image-smoke: $archive ($digest, the same when built again) ran the operator as uid $uid; qwen3-8b-chat and qwen3-max-ptu are Running ($((SECONDS - start)) s)"
