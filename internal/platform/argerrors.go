package platform

import (
	"maps"
	"reflect"
	"regexp"
	"strings"
	"unicode"

	"github.com/mlkube/mlkube/components/workload"
	"github.com/mlkube/mlkube/internal/config"
)

// argError is one invalid argument of a component, named by its Args field
// (components/internal/kube.FieldError).
type argError interface {
	error
	ArgField() string
	ArgMessage() string
	ArgMessageWith(name func(field string) string) string
}

// Renames of Args fields whose stack key is spelled differently (the rest
// are the field names in lowerCamelCase). "" is the workload's own key: the
// field has no key of its own in the stack (it is derived from the pool, for
// example), so the problem belongs to the workload as a whole.
var (
	// podKeys are the stack keys of the pod fields services and jobs
	// share (workload.Pod): the Container's json tags, since the stack
	// file embeds it, and those the platform derives from the team, the
	// pool and the stack's kind of workload.
	podKeys = withContainerKeys(map[string]string{
		"Namespace": "team", "GPUs": "gpu", "GPUResourceName": "pool",
		"NodeSelector": "pool", "Tolerations": "pool", "PriorityClassName": "",
		"RunAsUser": "", "FSGroup": "", "SharedMemorySize": "",
	})
	inferenceKeys = withPodKeys(map[string]string{
		"Autoscaling.CPUPercent": "autoscaling.cpu", "Autoscaling.MemoryPercent": "autoscaling.memory",
		"Expose.SourceCIDRs": "expose.sourceCidrs", "MonitoringNamespace": "",
		"Expose.TLSSecret": "expose.tls.secret", "Expose.ClusterIssuer": "expose.tls.clusterIssuer",
		"Expose.IngressAnnotations": "addons.ingress", "Expose.IngressPeerCIDRs": "", "Expose.CanaryAnnotations": "expose.canary",
		"Expose.IngressNamespaces": "", "Expose.Canary.Model.Volume": "expose.canary.model.existingClaim",
		"Expose.Gateway": "addons.gateway", "Expose.Gateway.Name": "addons.gateway", "Expose.Gateway.Namespace": "addons.gateway",
		"Expose.Gateway.After": "", "Expose.KeepIngress": "addons.ingress.enabled",
		"Model.Volume": "model",
		"Autoscaling.ScaleUpStabilizationSeconds": "autoscaling.scaleUp.stabilizationSeconds",
		"Autoscaling.ScaleUpPods":                 "autoscaling.scaleUp.pods", "Autoscaling.ScaleUpPercent": "autoscaling.scaleUp.percent",
		"Autoscaling.ScaleUpPeriodSeconds": "autoscaling.scaleUp.periodSeconds",
		"Autoscaling.ScaleDownPods":        "autoscaling.scaleDown.pods", "Autoscaling.ScaleDownPercent": "autoscaling.scaleDown.percent",
		"Autoscaling.ScaleDownPeriodSeconds": "autoscaling.scaleDown.periodSeconds",
		"Vertical":                           "autoscaling.vertical", "Vertical.After": "",
	})
	trainingKeys = withPodKeys(map[string]string{
		"TTLSecondsAfterFinished": "ttlSecondsAfterFinished",
		"Queue":                   "addons.kueue", "TerminationGracePeriodSeconds": "checkpointGraceSeconds",
	})
	teamKeys   = map[string]string{"Quota.GPUResourceName": "", "MonitoringNamespace": "", "Production": "", "Queue.Name": "addons.kueue", "Queue.ClusterQueue": "name", "Queue.After": ""}
	volumeKeys = map[string]string{"Namespace": "team", "StorageClass": "class", "Production": "", "After": ""}
)

// withContainerKeys adds the stack keys of workload.Container's fields,
// its json tags (Arguments is args), to the derived fields' renames.
func withContainerKeys(keys map[string]string) map[string]string {
	t := reflect.TypeFor[workload.Container]()
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); tag != "" {
			keys[t.Field(i).Name] = tag
		}
	}
	return keys
}

// withPodKeys adds podKeys to a kind's own renames.
func withPodKeys(own map[string]string) map[string]string {
	out := maps.Clone(podKeys)
	maps.Copy(out, own)
	return out
}

// derived are stack keys from which the platform computes Args fields of
// another shape.
var derived = map[string]bool{"": true, "pool": true, "team": true}

// argToken is one step of an Args field path: a field, a ["map key"] or an [index].
var argToken = regexp.MustCompile(`[A-Za-z0-9_]+|\["(?:[^"\\]|\\.)*"\]|\[\d+\]`)

// stackErrors reports a component's error under the stack key path of the
// workload that built its Args (for example `workloads.inference[2]`), in
// the `path: message` form of every other stack error. Problems that are
// not about one argument keep the component's words under that path.
func stackErrors(path string, err error, keys map[string]string) config.Errors {
	var out config.Errors
	var walk func(error)
	walk = func(e error) {
		if a, ok := e.(argError); ok {
			msg := a.ArgMessageWith(func(f string) string { return stackKey(f, keys) })
			out = append(out, config.FieldError{Path: joinKey(path, stackKey(a.ArgField(), keys)), Message: msg})
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	if len(out) == 0 {
		return config.Errors{{Path: path, Message: err.Error()}}
	}
	return out
}

// stackKey maps an Args field path (`Resources.Limits["cpu"]`,
// `Autoscaling.Metrics[0].Target`) to the stack key under the workload
// (`resources.limits.cpu`, `autoscaling.metrics[0].target`).
func stackKey(field string, keys map[string]string) string {
	type part struct {
		text  string // ".Name", ".key" or "[i]"
		field bool   // a Go field name (not a map key or index)
	}
	var parts []part
	for _, tok := range argToken.FindAllString(field, -1) {
		switch {
		case strings.HasPrefix(tok, `["`):
			parts = append(parts, part{"." + strings.TrimSuffix(strings.TrimPrefix(tok, `["`), `"]`), false})
		case strings.HasPrefix(tok, "["):
			parts = append(parts, part{tok, false})
		default:
			parts = append(parts, part{"." + tok, true})
		}
	}
	render := func(ps []part, lower bool) string {
		var b strings.Builder
		for _, p := range ps {
			if lower && p.field {
				b.WriteString("." + lowerCamel(p.text[1:]))
			} else {
				b.WriteString(p.text)
			}
		}
		return strings.TrimPrefix(b.String(), ".")
	}
	// The longest renamed prefix wins; the rest is lowerCamelCase, unless
	// the field is derived from a key of another shape (tolerations from
	// the pool): then that key is the whole answer.
	for n := len(parts); n > 0; n-- {
		if k, ok := keys[render(parts[:n], false)]; ok {
			if derived[k] {
				return k
			}
			return joinKey(k, render(parts[n:], true))
		}
	}
	return render(parts, true)
}

// lowerCamel lowers a leading capital or acronym: Image -> image,
// TTLSeconds -> ttlSeconds, FSGroup -> fsGroup.
func lowerCamel(s string) string {
	r := []rune(s)
	for i := range r {
		if !unicode.IsUpper(r[i]) {
			break
		}
		if i > 0 && i+1 < len(r) && unicode.IsLower(r[i+1]) {
			break
		}
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}

func joinKey(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case strings.HasPrefix(b, "["):
		return a + b
	}
	return a + "." + b
}

// stackProblems collects the problems of every workload of one kind, so
// that one run reports them all, as stack validation does.
type stackProblems struct{ list config.Errors }

func (p *stackProblems) add(path string, err error, keys map[string]string) {
	p.list = append(p.list, stackErrors(path, err, keys)...)
}

func (p *stackProblems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return p.list
}
