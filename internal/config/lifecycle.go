package config

import (
	"path"
	"strings"
)

// validateLifecycle catches settings that work on the first `pulumi up`
// and misbehave on a later one.
func validateLifecycle(e *errs, c *Config) {
	for i := range c.Workloads.Training {
		j := &c.Workloads.Training[i]
		if j.Schedule == "" && j.TTLSecondsAfterFinished != nil {
			// Kubernetes deletes the finished Job; `pulumi up --refresh`
			// then drops it from the state and creates it again.
			e.add(key(index("workloads.training", i), "ttlSecondsAfterFinished"), "applies only to scheduled jobs: a one-shot Job deleted after its TTL is created and run again by the next `pulumi up --refresh`; remove it (the finished Job is kept until the job leaves the stack)")
		}
	}
	for i := range c.Workloads.Inference {
		s := &c.Workloads.Inference[i]
		if p, ok := s.Env[modelPathEnv]; ok && !insideDir(p, s.Model.Path) {
			e.add(key(key(index("workloads.inference", i), "env"), modelPathEnv), "must be model.path (%s) or a file or directory inside it, where the model is mounted or downloaded, got %q", s.Model.Path, p)
		}
	}
}

// modelPathEnv tells a model server where its model is. By default it is
// model.path; a server that loads one file (MODEL_PATH=/models/model.joblib)
// may point it at that file instead.
const modelPathEnv = "MODEL_PATH"

// insideDir reports whether p is dir or lies under it.
func insideDir(p, dir string) bool {
	if !strings.HasPrefix(p, "/") || !strings.HasPrefix(dir, "/") {
		return false
	}
	p, dir = path.Clean(p), path.Clean(dir)
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/")
}
