package gke

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers/gke/gketest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// recorder is a mock engine that records every registration. Outputs echo
// the inputs plus what Google Cloud computes (gketest.Outputs, shared with
// the offline plan).
type recorder struct {
	mu   sync.Mutex
	seen []pulumi.MockResourceArgs
}

func (m *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.seen = append(m.seen, args)
	m.mu.Unlock()
	state := args.Inputs.Copy()
	if f, ok := gketest.Outputs[args.TypeToken]; ok {
		for k, v := range f(args) {
			state[k] = v
		}
	}
	return args.Name + "-id", state, nil
}

func (m *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("the GKE provider must not invoke %s", args.Token)
}

// registered is one recorded resource with its inputs as plain values.
type registered struct {
	pulumi.MockResourceArgs
	in map[string]any
}

func (r registered) urnSuffix() string { return r.TypeToken + "::" + r.Name }

// deps are every URN the resource waits for: explicit and property ones.
func (r registered) deps() []string {
	set := map[string]bool{}
	for _, d := range r.RegisterRPC.GetDependencies() {
		set[d] = true
	}
	for _, pd := range r.RegisterRPC.GetPropertyDependencies() {
		for _, d := range pd.GetUrns() {
			set[d] = true
		}
	}
	var out []string
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

func (r registered) dependsOn(other registered) bool {
	for _, d := range r.deps() {
		if strings.HasSuffix(d, other.urnSuffix()) {
			return true
		}
	}
	return false
}

// run is one program run under the recorder.
type run struct {
	t          *testing.T
	res        []registered
	cluster    *cluster.Cluster
	kubeconfig string
	err        error
}

func (r *run) all(typ string) []registered {
	var out []registered
	for _, x := range r.res {
		if x.TypeToken == typ {
			out = append(out, x)
		}
	}
	return out
}

func (r *run) one(typ, name string) registered {
	r.t.Helper()
	for _, x := range r.res {
		if x.TypeToken == typ && x.Name == name {
			return x
		}
	}
	require.Failf(r.t, "resource not registered", "%s %s", typ, name)
	return registered{}
}

// testConfig parses a stack the way the engine hands it to the program.
func testConfig(t *testing.T, env, clusterJSON, poolsJSON string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("mlkube", "test", map[string]string{
		"mlkube:environment": env,
		"mlkube:cluster":     clusterJSON,
		"mlkube:nodePools":   poolsJSON,
	})
	require.NoError(t, err)
	return cfg
}

// runNew runs New under the mock engine and waits for everything.
func runNew(t *testing.T, cfg *config.Config) *run {
	t.Helper()
	m := &recorder{}
	r := &run{t: t}
	var wg sync.WaitGroup
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		c, err := New(ctx, cfg)
		if err != nil {
			return err
		}
		r.cluster = c
		wg.Add(1)
		c.Kubeconfig.ApplyT(func(s string) string {
			r.kubeconfig = s
			wg.Done()
			return s
		})
		return nil
	}, pulumi.WithMocks("mlkube", "test", m))
	wg.Wait()
	r.err = err
	for _, a := range m.seen {
		r.res = append(r.res, registered{a, a.Inputs.Mappable()})
	}
	return r
}

// Stacks used by the tests.
const (
	devCluster = `{"provider":"gke","name":"ml","region":"us-central1","kubernetesVersion":"1.33",
		"endpoint":{"public":true,"publicCidrs":["203.0.113.0/24"]},
		"admins":["user:alice@example.com"],
		"gke":{"project":"acme-ml-dev","zonal":true}}`
	prodCluster = `{"provider":"gke","name":"prod","region":"europe-west4","kubernetesVersion":"1.33",
		"network":{"cidr":"10.20.0.0/16","zones":["europe-west4-a","europe-west4-b","europe-west4-c"]},
		"admins":["group:platform@example.com"],
		"gke":{"project":"acme-ml-prod","filestore":true,"securityGroup":"gke-security-groups@example.com"}}`
	devPools = `[
		{"name":"system","machineType":"n2-standard-4","min":1,"max":3},
		{"name":"batch","machineType":"n2-standard-8","min":0,"max":5,"spot":true,
		 "taints":[{"key":"batch","value":"true","effect":"NoExecute"}],"labels":{"team":"research"}},
		{"name":"gpu","machineType":"g2-standard-8","min":0,"max":2,"spot":true,"gpu":{"model":"l4","count":1}},
		{"name":"shared","machineType":"g2-standard-24","min":0,"max":1,
		 "gpu":{"model":"l4","count":2,"sharing":{"timeSlicing":4}}},
		{"name":"train","machineType":"a2-highgpu-8g","min":0,"max":2,
		 "gpu":{"model":"a100","count":8,"sharing":{"mig":{"strategy":"single","profile":"all-1g.5gb"}}}}]`
)
