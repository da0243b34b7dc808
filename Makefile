# mlkube — make targets. The offline ones (build, test, lint, plan, diff,
# render) need only Go; preview and up need the Pulumi CLI and credentials.

STACK ?= local
BASE  ?= main
GO    ?= go
STATICCHECK_VERSION ?= v0.6.1
ACTIONLINT_VERSION  ?= v1.7.7

# `make up` keeps Pulumi state in a file backend inside the repository, so no
# Pulumi Cloud account is needed. Point PULUMI_BACKEND_URL elsewhere (s3://,
# gs://, azblob://) to share state across a team.
export PULUMI_BACKEND_URL ?= file://$(CURDIR)/.pulumi-state

.PHONY: all build test lint plan plan-all plan-json render validate diff preview up bench fuzz e2e clean

all: lint test

build:
	$(GO) build -o bin/mlkube ./cmd/mlkube
	$(GO) build -o bin/platform ./cmd/platform

test:
	$(GO) test ./...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	$(GO) run github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

validate:
	$(GO) run ./cmd/mlkube validate --stack $(STACK)

plan:
	$(GO) run ./cmd/mlkube plan --stack $(STACK)

# plan-all: the text plan of every stack, then one line per stack:
# resources, findings by severity, time to ready, monthly cost range.
plan-all:
	$(GO) run ./cmd/mlkube plan --all

plan-json:
	@mkdir -p out
	$(GO) run ./cmd/mlkube plan --stack $(STACK) --format json --out out/plan-$(STACK).json
	@echo "wrote out/plan-$(STACK).json"

render:
	$(GO) run ./cmd/mlkube render --stack $(STACK)

# diff: the plan of STACK at BASE (a git ref) against the working tree, as
# markdown for a pull-request comment. FAIL_ON=destructive fails on a change
# that replaces or deletes a cluster, node pool, key, claim or storage class.
diff:
	@rm -rf out/base && mkdir -p out
	git worktree add --force --detach out/base $(BASE) >/dev/null
	cd out/base && $(GO) run ./cmd/mlkube plan --stack $(STACK) --format json --out $(CURDIR)/out/plan-base.json || true
	git worktree remove --force out/base
	$(GO) run ./cmd/mlkube plan --stack $(STACK) --format json --out out/plan-head.json || true
	@test -s out/plan-base.json || echo '{"stack": "$(STACK)"}' > out/plan-base.json
	$(GO) run ./cmd/mlkube diff $(if $(FAIL_ON),--fail-on $(FAIL_ON)) out/plan-base.json out/plan-head.json

preview: build
	@command -v pulumi >/dev/null || { echo "preview needs the Pulumi CLI: https://www.pulumi.com/docs/install/"; exit 2; }
	pulumi stack select --create $(STACK)
	pulumi preview --stack $(STACK) --diff

up: build
	@command -v pulumi >/dev/null || { echo "up needs the Pulumi CLI: https://www.pulumi.com/docs/install/"; exit 2; }
	pulumi stack select --create $(STACK)
	pulumi up --stack $(STACK)

# e2e: every stack's Kubernetes objects on a real control plane (etcd,
# kube-apiserver, kube-scheduler, kube-controller-manager, kwok nodes),
# built once into ~/.cache/mlkube-e2e (override with MLKUBE_E2E_CACHE).
# MLKUBE_E2E_STACKS=local,dev-eks limits the stacks. TestRealEngine runs
# `pulumi up`, a second preview and `pulumi destroy` of the local stack with
# the Pulumi CLI on PATH (skipped, and saying so, without one).
# TestGatewayRoutes applies the Gateway API CRDs and the serving stack's
# Gateway and routes. TestKubeadmConfigs runs the real `kubeadm config validate` (kubeadm built
# into the same cache) on every kubeadm stack's generated configurations.
# TestComputeClass installs GKE's ComputeClass CRD from its published schema
# and applies the dev-gke-computeclass stack with strict field validation.
e2e:
	$(GO) test -tags e2e -count=1 -v -timeout 60m -run 'TestStacks|TestGatewayRoutes|TestVerticalPodAutoscalers|TestRealEngine|TestRealEnginePlatform|TestRealEngineQueue|TestKubeadmConfigs|TestKarpenter|TestKueue|TestComputeClass' ./internal/e2e/

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/plan/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./internal/config/

clean:
	rm -rf bin out
