#!/usr/bin/env python3
"""A CycloneDX 1.5 SBOM of the image's operating-system part: the Debian packages the base was made
from (hack/build-image-base.sh lists them as "name version architecture") and the jlink'ed Java
runtime. Usage: os-sbom.py <os-packages.txt> <java version> <image name:tag> > os.cdx.json"""
import json
import sys
import urllib.parse
import uuid

packages_file, java_version, image = sys.argv[1:4]
components = []
for line in open(packages_file):
    name, version, arch = line.split()
    purl = "pkg:deb/debian/%s@%s?arch=%s&distro=debian-12" % (name, urllib.parse.quote(version, safe=""), arch)
    components.append({"type": "library", "bom-ref": purl, "name": name, "version": version, "purl": purl})
components.append({"type": "framework", "name": "openjdk-runtime", "version": java_version,
                   "description": "jlink'ed from the build machine's OpenJDK 17 into /opt/java"})
name, _, tag = image.rpartition(":")
bom = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.5",
    # Derived from the inputs, so that the same base gives the same document.
    "serialNumber": "urn:uuid:%s" % uuid.uuid5(uuid.NAMESPACE_URL, image + "|" + "|".join(c["name"] + c["version"] for c in components)),
    "version": 1,
    "metadata": {"component": {"type": "container", "name": name, "version": tag}},
    "components": components,
}
json.dump(bom, sys.stdout, indent=2)
print()
