// Package providers lists the cluster sources mlkube can build on. Each is
// one package under providers/ that exports a cluster.Source; adding a
// source is that package plus one line in All.
package providers

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/pricing"
	"github.com/mlkube/mlkube/providers/aks"
	"github.com/mlkube/mlkube/providers/eks"
	"github.com/mlkube/mlkube/providers/existing"
	"github.com/mlkube/mlkube/providers/gke"
	"github.com/mlkube/mlkube/providers/kubeadm"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// All are the cluster sources of this build.
var All = []cluster.Source{
	eks.Provider,
	aks.Provider,
	existing.Provider,
	gke.Provider,
	kubeadm.Provider,
}

// Lookup returns the provider selected by cluster.provider, or an error
// naming the key and the sources this build has.
func Lookup(kind string) (cluster.Source, error) {
	for _, p := range All {
		if p.Kind == kind {
			return p, nil
		}
	}
	return cluster.Source{}, fmt.Errorf("cluster.provider: %q is not available in this version of mlkube (available: %s)", kind, strings.Join(Kinds(), ", "))
}

// Kinds are the cluster.provider values of this build, sorted.
func Kinds() []string {
	out := make([]string, 0, len(All))
	for _, p := range All {
		out = append(out, p.Kind)
	}
	sort.Strings(out)
	return out
}

// Offline merges what every provider tells the offline engine.
func Offline() cluster.Offline {
	o := cluster.Offline{
		Outputs:   map[string]cluster.OutputsFunc{},
		Invokes:   map[string]cluster.InvokeFunc{},
		Seconds:   map[string]int{},
		ReplaceOn: map[string][]string{},
		Versions:  map[string]string{},
		Prices:    map[string]*pricing.Catalog{},
	}
	var templates []func([]cluster.PlannedResource) ([]cluster.NodeTemplate, error)
	var secondsOf []func(cluster.PlannedResource) (int, bool)
	var fallbacks []cluster.OutputsFunc
	for _, p := range All {
		po := p.Offline()
		if po.Fallback != nil {
			fallbacks = append(fallbacks, po.Fallback)
		}
		if po.SecondsOf != nil {
			secondsOf = append(secondsOf, po.SecondsOf)
		}
		for t, f := range po.Outputs {
			o.Outputs[t] = f
		}
		for t, f := range po.Invokes {
			o.Invokes[t] = f
		}
		for t, s := range po.Seconds {
			o.Seconds[t] = s
		}
		for t, keys := range po.ReplaceOn {
			o.ReplaceOn[t] = keys
		}
		for t, path := range po.Versions {
			o.Versions[t] = path
		}
		for kind, c := range po.Prices {
			o.Prices[kind] = c
		}
		o.NodePoolTypes = append(o.NodePoolTypes, po.NodePoolTypes...)
		o.Stateful = append(o.Stateful, po.Stateful...)
		if po.NodeTemplates != nil {
			templates = append(templates, po.NodeTemplates)
		}
	}
	o.Fallback = func(args pulumi.MockResourceArgs) resource.PropertyMap {
		out := resource.PropertyMap{}
		for _, f := range fallbacks {
			for k, v := range f(args) {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		}
		return out
	}
	o.SecondsOf = func(r cluster.PlannedResource) (int, bool) {
		for _, f := range secondsOf {
			if s, ok := f(r); ok {
				return s, true
			}
		}
		return 0, false
	}
	o.NodeTemplates = func(rs []cluster.PlannedResource) ([]cluster.NodeTemplate, error) {
		var out []cluster.NodeTemplate
		for _, f := range templates {
			t, err := f(rs)
			if err != nil {
				return nil, err
			}
			out = append(out, t...)
		}
		return out, nil
	}
	return o
}
