package vpa_test

import (
	"testing"

	"github.com/mlkube/mlkube/addons"
	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/addons/vpa"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNeeds: recommendations need only the recommender; Initial sets
// requests through the admission webhook; the resizing modes also need
// the updater.
func TestNeeds(t *testing.T) {
	for _, tc := range []struct {
		modes []string
		want  vpa.Needs
	}{
		{nil, vpa.Needs{}},
		{[]string{"", "Off"}, vpa.Needs{}},
		{[]string{"Off", "Initial"}, vpa.Needs{Admission: true}},
		{[]string{"Recreate"}, vpa.Needs{Admission: true, Updater: true}},
		{[]string{"Initial", "InPlaceOrRecreate"}, vpa.Needs{Admission: true, Updater: true}},
	} {
		assert.Equal(t, tc.want, vpa.NeedsOf(tc.modes), "%v", tc.modes)
	}
	v := vpa.Values(vpa.Needs{Admission: true})
	assert.Equal(t, true, addontest.Get(v, "recommender", "enabled"))
	assert.Equal(t, true, addontest.Get(v, "admissionController", "enabled"))
	assert.Equal(t, false, addontest.Get(v, "updater", "enabled"))
	assert.Equal(t, "RuntimeDefault", addontest.Get(v, "podSecurityContext", "seccompProfile", "type"), "restricted Pod Security")
	assert.Equal(t, false, addontest.Get(v, "containerSecurityContext", "allowPrivilegeEscalation"))
	assert.Equal(t, []any{"ALL"}, addontest.Get(v, "containerSecurityContext", "capabilities", "drop"))
}

// TestInstalledOnlyWhenUsed: addons.Install adds the VPA when a service
// asks for autoscaling.vertical (or addons.vpa.enabled: true), never when
// addons.vpa.enabled is false; its components follow the update modes.
func TestInstalledOnlyWhenUsed(t *testing.T) {
	on, off := true, false
	for _, tc := range []struct {
		name    string
		enabled *bool
		modes   []string
		want    bool
		updater bool
	}{
		{"no service asks", nil, nil, false, false},
		{"a service recommends", nil, []string{"Off"}, true, false},
		{"a service recreates", nil, []string{"Off", "Recreate"}, true, true},
		{"turned on by the key", &on, nil, true, false},
		{"turned off by the key", &off, []string{"Off"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := addontest.Defaults()
			cfg.VPA.Enabled = tc.enabled
			r := addontest.Install(t, addontest.Fixture{Kind: "eks"}, cfg, addons.Options{VerticalModes: tc.modes})
			rel := addontest.Release(r, versions.VPA.Name)
			if !tc.want {
				assert.Nil(t, rel)
				return
			}
			require.NotNil(t, rel)
			assert.Equal(t, vpa.Namespace, rel["namespace"])
			assert.Equal(t, versions.VPA.Version, rel["version"])
			assert.Equal(t, versions.VPA.Repo, addontest.Get(rel, "repositoryOpts", "repo"))
			assert.Equal(t, tc.updater, addontest.Get(rel, "values", "updater", "enabled"))
		})
	}
	assert.Contains(t, addons.Namespaces, vpa.Namespace, "no team may take the VPA's namespace")
}

// TestHouse runs the house checks on the addon alone on every cloud.
func TestHouse(t *testing.T) {
	addontest.House(t, addontest.Addon{Type: vpa.TypeToken, Name: vpa.AddonName, Kinds: addontest.Clouds}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		_, err := vpa.New(ctx, "vpa", &vpa.Args{Cluster: cl, Needs: vpa.Needs{Admission: true, Updater: true}})
		return err
	})
}
