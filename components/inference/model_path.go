package inference

import (
	"path"
	"strings"
)

// ModelPathEnv tells the model server where its model is: Model.Path by
// default, or what Env sets it to when a server loads one file, such as
// MODEL_PATH=/models/model.joblib. Only paths inside Model.Path are
// accepted: nothing else is mounted or downloaded, and a typo would
// otherwise show only as a server that cannot start.
const ModelPathEnv = "MODEL_PATH"

// modelPath is the value of MODEL_PATH in the server container.
func modelPath(a Args) string {
	if p, ok := a.Env[ModelPathEnv]; ok {
		return p
	}
	return a.Model.Path
}

// insideDir reports whether p is the absolute directory dir or lies under it.
func insideDir(p, dir string) bool {
	if !strings.HasPrefix(p, "/") || !strings.HasPrefix(dir, "/") {
		return false
	}
	p, dir = path.Clean(p), path.Clean(dir)
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/")
}

// withoutKey returns m without k (m itself when k is absent).
func withoutKey(m map[string]string, k string) map[string]string {
	if _, ok := m[k]; !ok {
		return m
	}
	out := make(map[string]string, len(m)-1)
	for key, v := range m {
		if key != k {
			out[key] = v
		}
	}
	return out
}
