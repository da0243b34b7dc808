package aks

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/providers/aks/akstest"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// recorder is a mock engine that records every registration. Outputs echo
// the inputs plus what Azure computes (akstest, shared with the offline
// plan); the one function the provider calls is answered by akstest too.
type recorder struct {
	mu    sync.Mutex
	seen  []pulumi.MockResourceArgs
	calls []string
}

func (m *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	m.seen = append(m.seen, args)
	m.mu.Unlock()
	state := args.Inputs.Copy()
	if f, ok := akstest.Outputs[args.TypeToken]; ok {
		for k, v := range f(args) {
			state[k] = v
		}
	}
	id := args.Name + "-id"
	if v, ok := state["id"]; ok && v.IsString() {
		id = v.StringValue()
	}
	return id, state, nil
}

func (m *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.calls = append(m.calls, args.Token)
	m.mu.Unlock()
	if f, ok := akstest.Invokes[args.Token]; ok {
		return f(args), nil
	}
	return nil, fmt.Errorf("the AKS provider must not invoke %s", args.Token)
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
	out := make([]string, 0, len(set))
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
	calls      []string
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
	if err == nil {
		wg.Wait()
	}
	r.err = err
	for _, a := range m.seen {
		r.res = append(r.res, registered{a, a.Inputs.Mappable()})
	}
	r.calls = m.calls
	return r
}

// Stacks used by the tests.
const (
	subscription = "11111111-2222-3333-4444-555555555555"
	adminGroup   = "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"
	devCluster   = `{"provider":"aks","name":"ml","region":"eastus","kubernetesVersion":"1.33",
		"endpoint":{"public":true,"publicCidrs":["203.0.113.0/24"]},
		"admins":["` + adminGroup + `"],
		"aks":{"subscriptionId":"` + subscription + `"}}`
	prodCluster = `{"provider":"aks","name":"prod","region":"westeurope","kubernetesVersion":"1.33",
		"network":{"cidr":"10.20.0.0/16","zones":["1","2","3"]},
		"admins":["` + adminGroup + `","0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"],
		"aks":{"subscriptionId":"` + subscription + `","upgradeChannel":"stable"}}`
	devPools = `[
		{"name":"cpu","machineType":"Standard_D4s_v5","min":1,"max":3},
		{"name":"inference","machineType":"Standard_NC4as_T4_v3","min":0,"max":2,"spot":true,"gpu":{"model":"t4","count":1}},
		{"name":"train-a100","machineType":"Standard_NC24ads_A100_v4","min":0,"max":1,"gpu":{"model":"a100-80gb","count":1}}]`
)
