package config

// validateKueue refuses an addons.kueue that says Kueue already runs in
// the cluster (install: false) together with what only makes sense when
// mlkube installs it, or on a cluster the stack creates itself.
func validateKueue(e *errs, c *Config) {
	k := c.Addons.Kueue
	if k.Installs() {
		return
	}
	const path = "addons.kueue"
	if !k.On() {
		e.add(key(path, "install"), "false says a Kueue in the cluster queues the training jobs, and enabled: false runs them unqueued; keep one")
	}
	if c.Cluster.Provider != ProviderExisting {
		e.add(key(path, "install"), "false needs a cluster where Kueue already runs (provider: %s); provider %s creates the cluster in this stack, so its first pulumi up would find no Kueue API: leave install out and mlkube installs Kueue", ProviderExisting, c.Cluster.Provider)
	}
	// The version the cluster's Kueue needs is the plan's note
	// (kueue.Notes), where the addon's pins live.
	const why = "means nothing with install: false (mlkube installs no Kueue chart; the cluster's own Kueue is configured where it is installed)"
	if k.Version != "" {
		e.add(key(path, "version"), "%s", why)
	}
	if len(k.Values) > 0 {
		e.add(key(path, "values"), "%s", why)
	}
}
