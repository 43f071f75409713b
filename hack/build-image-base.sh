#!/usr/bin/env bash
# The base of the operator's image, without a Docker daemon: the few Debian bookworm packages a
# jlink'ed Java 17 runtime needs (extracted by mmdebstrap: no shell, no package manager), the
# runtime in /opt/java, and a non-root user 65532. Written as a docker-archive (what Jib reads as a
# tar:// base) with the list of OS packages, in a cache outside the clone keyed by everything that
# goes into it; a second call with the same inputs only prints the path.
#
# Measured (docs/install.md): this base is 38.6 MB compressed; Debian's openjdk-17-jre-headless with
# its dependencies instead would be 93 MB. The jlink'ed runtime is the smaller that passes.
set -euo pipefail

PACKAGES="libc6 libgcc-s1 libstdc++6 zlib1g"
# What the application uses (jdeps over its jars, plus TLS with EC keys and DNS); the smoke test runs it on them.
MODULES="java.base,java.logging,java.naming,java.management,java.net.http,java.desktop,java.sql,java.xml,java.compiler,jdk.unsupported,jdk.management,jdk.crypto.ec,jdk.naming.dns,jdk.zipfs"
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${MODELDEPLOY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modeldeploy}/image-base

need() { command -v "$1" >/dev/null || { echo "build-image-base: $1 is missing (apt-get install $2)" >&2; exit 1; }; }
need mmdebstrap mmdebstrap
need umoci umoci
need skopeo skopeo
need jlink openjdk-17-jdk-headless
[ -f "$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")/jmods/java.base.jmod" ] ||
  { echo "build-image-base: jlink needs the JDK's jmods (apt-get install openjdk-17-jmods)" >&2; exit 1; }

key=$( { echo "$PACKAGES|$MODULES|$MIRROR"; java -version 2>&1; cat "$0"; } | sha256sum | cut -c1-16)
out=$CACHE/$key
if [ -f "$out/base.tar" ] && [ -f "$out/os-packages.txt" ]; then echo "$out"; exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
# shellcheck disable=SC2086 # one package per word
mmdebstrap --quiet --variant=extract --skip=cleanup/apt --include="${PACKAGES// /,}" bookworm "$rootfs" "deb $MIRROR bookworm main" >&2
for deb in "$rootfs"/var/cache/apt/archives/*.deb; do
  dpkg-deb --show --showformat='${Package} ${Version} ${Architecture}\n' "$deb"
done | sort > "$work/os-packages.txt"
# What only apt and dpkg needed, and documentation: not in the image.
rm -rf "$rootfs"/var/cache "$rootfs"/var/lib/apt "$rootfs"/var/log "$rootfs"/etc/apt "$rootfs"/etc/dpkg \
  "$rootfs"/usr/share/doc "$rootfs"/usr/share/lintian "$rootfs"/usr/share/gcc "$rootfs"/dev/* \
  "$rootfs"/etc/resolv.conf "$rootfs"/etc/hostname "$rootfs"/etc/fstab
# The runtime sets these files up in a pod (hosts, resolv.conf, hostname); the image must not carry the build machine's.

jlink --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$rootfs/opt/java" >&2
mkdir -p "$rootfs/tmp" "$rootfs/proc" "$rootfs/sys" "$rootfs/home/nonroot"
chmod 1777 "$rootfs/tmp"
chown 65532:65532 "$rootfs/home/nonroot"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"
# Same inputs, same bytes: every file dated at the epoch.
find "$rootfs" -exec touch -h -d @0 {} +

umoci init --layout "$work/oci" >&2
umoci new --image "$work/oci:base" >&2
umoci insert --history.created 1970-01-01T00:00:00Z --history.created_by "hack/build-image-base.sh" --image "$work/oci:base" "$rootfs" / >&2
umoci config --no-history --image "$work/oci:base" --created 1970-01-01T00:00:00Z --config.user 65532:65532 \
  --config.env PATH=/opt/java/bin:/usr/bin:/bin --config.env JAVA_HOME=/opt/java --config.workingdir /home/nonroot >&2
mkdir -p "$out"
skopeo copy --quiet "oci:$work/oci:base" "docker-archive:$out/base.tar:modeldeploy-base:$key" >&2
mv "$work/os-packages.txt" "$out/os-packages.txt"
echo "$out"
