package kit

import "sigs.k8s.io/yaml"

// ExecAPIVersion is the client authentication API the clouds' token
// plugins (aws eks get-token, gke-gcloud-auth-plugin, kubelogin) answer with.
const ExecAPIVersion = "client.authentication.k8s.io/v1beta1"

// Kubeconfig is a kubeconfig with one cluster, one user and one context
// named name: the API server, its CA (base64) and the user's entry.
func Kubeconfig(name, server, caData, user string, credentials map[string]any) string {
	doc := map[string]any{
		"apiVersion":      "v1",
		"kind":            "Config",
		"current-context": name,
		"clusters": []any{map[string]any{
			"name":    name,
			"cluster": map[string]any{"server": server, "certificate-authority-data": caData},
		}},
		"contexts": []any{map[string]any{
			"name":    name,
			"context": map[string]any{"cluster": name, "user": user},
		}},
		"users": []any{map[string]any{
			"name": user,
			"user": credentials,
		}},
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		panic(err) // plain maps of strings: cannot fail
	}
	return string(out)
}

// ExecKubeconfig is a kubeconfig that holds no credential: the client runs
// a cloud's plugin (exec: command, args and the plugin's own keys) with
// the caller's own identity, which gets a short-lived token. Built only
// from values that never change for a cluster, the Kubernetes provider
// made from it is never replaced, nor everything under it.
func ExecKubeconfig(name, server, caData string, exec map[string]any) string {
	e := map[string]any{"apiVersion": ExecAPIVersion, "interactiveMode": "Never"}
	for k, v := range exec {
		e[k] = v
	}
	return Kubeconfig(name, server, caData, name, map[string]any{"exec": e})
}
