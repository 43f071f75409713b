#!/usr/bin/env bash
# make image: the operator's image as an OCI archive, target/image/modeldeploy-operator-<version>.tar,
# with no Docker daemon and no registry: the cached base (hack/build-image-base.sh), the packaged
# application layered on it by Jib (pom.xml), written as an OCI image layout in a tar; and next to it
# the CycloneDX SBOMs of the application and of the image's OS packages. Needs `make build` first.
# Prints the image's digest, compressed size and OS package count.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -q -B -Dstyle.color=never"
version=$(python3 -c 'import xml.etree.ElementTree as E; print(E.parse("pom.xml").getroot().findtext("{http://maven.apache.org/POM/4.0.0}version"))')
out=target/image
archive=$out/modeldeploy-operator-$version.tar
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "make-image: run make build first" >&2; exit 1; }

base=$(hack/build-image-base.sh)
mkdir -p "$out"
rm -f "$archive"
# With format OCI, Jib writes an OCI image layout as a tar: the archive itself.
$MVN jib:buildTar -Dimage.base="tar://$base/base.tar"
$MVN cyclonedx:makeBom
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
hack/os-sbom.py "$base/os-packages.txt" "$java_version" "ghcr.io/modeldeploy/modeldeploy-operator:$version" \
  >"$out/modeldeploy-operator-$version-os.cdx.json"

# The manifest's layers, compressed, are what a registry stores and a node pulls.
size=$(skopeo inspect --raw "oci-archive:$archive" | python3 -c 'import json, sys; print(sum(l["size"] for l in json.load(sys.stdin)["layers"]))')
echo "image: $archive digest=$(cat "$out/modeldeploy-operator-$version.digest") compressed_bytes=$size compressed_mib=$((size / 1048576))" \
  "os_packages=$(wc -l <"$base/os-packages.txt")"
