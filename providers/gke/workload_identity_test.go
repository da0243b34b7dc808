package gke

import (
	"testing"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runIdentity builds the dev cluster and asks its hook for one workload's
// identity.
func runIdentity(t *testing.T, req cluster.IdentityRequest) (*run, map[string]string, []pulumi.Resource) {
	t.Helper()
	r, id, annotations := mocktest.RunIdentity(t, Provider, testConfig(t, "dev", devCluster, devPools), req)
	return r, annotations, id.Resources
}

func TestWorkloadIdentityReadsOnlyItsPrefixes(t *testing.T) {
	r, annotations, deps := runIdentity(t, cluster.IdentityRequest{
		Name: "ml-llm", Namespace: "ml", ServiceAccount: "llm",
		Read: []string{"gs://mlkube-examples/models/llm/v2/", "gs://mlkube-examples/tokenizers/llm", "gs://shared-data", "s3://elsewhere/x"},
	})
	sa := r.One(typeAccount, "ml-ml-llm-reader")
	assert.Equal(t, "ml-ml-llm-reader", sa.In["accountId"])
	email := "ml-ml-llm-reader@" + "mock-project.iam.gserviceaccount.com"

	trust := r.One(typeServiceAccountIAMMember, "ml-ml-llm-reader-workload-identity")
	assert.Equal(t, map[string]any{
		"serviceAccountId": "projects/mock-project/serviceAccounts/" + email,
		"role":             "roles/iam.workloadIdentityUser",
		"member":           "serviceAccount:acme-ml-dev.svc.id.goog[ml/llm]",
	}, trust.In, "exactly the workload's Kubernetes service account, in the stack's project pool")
	assert.True(t, trust.DependsOn(r.One(typeCluster, "ml")), "the pool exists once the cluster does")

	models := r.One(typeBucketIAMMember, "ml-ml-llm-reader-mlkube-examples")
	assert.Equal(t, "mlkube-examples", models.In["bucket"])
	assert.Equal(t, "roles/storage.objectViewer", models.In["role"])
	assert.Equal(t, "serviceAccount:"+email, models.In["member"])
	assert.Equal(t, map[string]any{
		"title":       "mlkube-ml-llm-prefixes",
		"description": "Only models/llm/v2, tokenizers/llm",
		"expression": `resource.name == "projects/_/buckets/mlkube-examples/objects/models/llm/v2" || ` +
			`resource.name.startsWith("projects/_/buckets/mlkube-examples/objects/models/llm/v2/") || ` +
			`resource.name == "projects/_/buckets/mlkube-examples/objects/tokenizers/llm" || ` +
			`resource.name.startsWith("projects/_/buckets/mlkube-examples/objects/tokenizers/llm/") || ` +
			`(resource.type == "storage.googleapis.com/Bucket" && (` +
			`api.getAttribute("storage.googleapis.com/objectListPrefix", "") == "models/llm/v2" || ` +
			`api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("models/llm/v2/") || ` +
			`api.getAttribute("storage.googleapis.com/objectListPrefix", "") == "tokenizers/llm" || ` +
			`api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("tokenizers/llm/")))`,
	}, models.In["condition"])

	whole := r.One(typeBucketIAMMember, "ml-ml-llm-reader-shared-data")
	assert.Nil(t, whole.In["condition"], "a bucket named without a prefix is read whole")
	assert.Len(t, r.All(typeBucketIAMMember), 2, "the s3:// location gets no Google grant")

	assert.Equal(t, map[string]string{"iam.gke.io/gcp-service-account": email}, annotations)
	assert.Len(t, deps, 4, "the workload waits for the account, its trust and both grants")
}

func TestWorkloadIdentityOnlyForCloudStorage(t *testing.T) {
	r, annotations, deps := runIdentity(t, cluster.IdentityRequest{Name: "ml-llm", Namespace: "ml", ServiceAccount: "llm", Read: []string{"s3://public/models"}})
	assert.Empty(t, r.All(typeBucketIAMMember))
	assert.Nil(t, annotations)
	assert.Empty(t, deps, "a model.source on another cloud is read without a Google identity")

	cfg := testConfig(t, "dev", devCluster, devPools)
	cfg.Workloads.Training = []config.Training{{Workload: config.Workload{Name: "t", Identity: &config.Identity{Read: []string{"gs://ok/data", "s3://bucket/data"}}}}}
	err := Validate(cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `workloads.training[0].identity.read[1]: "s3://bucket/data" is not a gs://bucket/prefix URI: GKE workloads get Google service accounts for Cloud Storage only`)
	assert.NotContains(t, err.Error(), "identity.read[0]")
}

func TestAccountIDsFit(t *testing.T) {
	assert.Equal(t, "ml-nodes", nodeAccountID("ml"))
	assert.Equal(t, "ml-ml-llm-reader", accountID("ml-ml-llm", "-reader"))
	a, b := accountID("production-cluster-research-llm", "-reader"), accountID("production-cluster-research-rag", "-reader")
	assert.Len(t, a, accountIDMax)
	assert.Regexp(t, `^production-clust-[0-9a-f]{6}-reader$`, a)
	assert.NotEqual(t, a, b, "two long names that share a beginning do not collide")
}

func TestTeamGroupMayGetCredentialsAndIsItsOwnRBACGroup(t *testing.T) {
	cfg := testConfig(t, "production", prodCluster, devPools)
	cfg.Workloads.Teams = []config.Team{{Name: "ml", Groups: []string{"ml-engineers@example.com"}}}
	r := runNew(t, cfg)
	require.NoError(t, r.Err)
	assert.Equal(t, map[string]any{
		"project": "acme-ml-prod",
		"role":    "roles/container.clusterViewer",
		"member":  "group:ml-engineers@example.com",
	}, r.One(typeIAMMember, "prod-team-group-ml-engineers-example-com").In)
	assert.Equal(t, "ml-engineers@example.com", r.Cluster.KubernetesGroup("ml-engineers@example.com"), "Google Groups for RBAC passes the e-mail")
	assert.Equal(t, map[string]any{"securityGroup": "gke-security-groups@example.com"}, r.One(typeCluster, "prod").In["authenticatorGroupsConfig"])
}

func TestTeamGroupsAreGoogleGroupsWithGroupsForRBAC(t *testing.T) {
	cfg := testConfig(t, "dev", devCluster, devPools)
	cfg.Workloads.Teams = []config.Team{{Name: "ml", Groups: []string{"ml-engineers", "ml@example.com"}}}
	err := Validate(cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `workloads.teams[0].groups[0]: must be the e-mail of a Google Group such as ml-engineers@example.com, got "ml-engineers"`)
	assert.Contains(t, err.Error(), "cluster.gke.securityGroup: is required when teams have groups")
	assert.NotContains(t, err.Error(), "groups[1]")
}
