# One entry point for building, testing and regenerating what is committed.
MVN ?= mvn -B -ntp
CRD_FILES := modeldeployments.modeldeploy.io-v1.yml
CHART_CRDS := helm/modeldeploy-operator/crds

.PHONY: build test demo crds run clean

## build: compile, test-free package, generate CRDs into target/kubernetes, build the mdctl CLI
build:
	$(MVN) package -DskipTests -DskipITs

## test: the full suite (unit tests, then package, then the CRD drift check)
test:
	$(MVN) verify

## demo: the operator, an in-process Kubernetes API and the vendor simulator play a short scenario
demo:
	$(MVN) -q test -Dtest=DemoTest -Dsurefire.failIfNoSpecifiedTests=false

## crds: regenerate the CRDs and copy them into deploy/crds (and the chart, once it exists)
crds: build
	mkdir -p deploy/crds
	for f in $(CRD_FILES); do cp target/kubernetes/$$f deploy/crds/$$f; done
	if [ -d $(CHART_CRDS) ]; then for f in $(CRD_FILES); do cp target/kubernetes/$$f $(CHART_CRDS)/$$f; done; fi

## run: the operator against the current kubeconfig context
run:
	$(MVN) quarkus:dev -Dquarkus.operator-sdk.crd.apply=false

clean:
	$(MVN) clean
