package gke

import (
	"github.com/mlkube/mlkube/internal/cluster"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/providers/gke/gketest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

const (
	typeNetwork    = "gcp:compute/network:Network"
	typeSubnetwork = "gcp:compute/subnetwork:Subnetwork"
	typeNAT        = "gcp:compute/routerNat:RouterNat"
	typeAccount    = "gcp:serviceaccount/account:Account"
	typeIAMMember  = "gcp:projects/iAMMember:IAMMember"
	typeKeyRing    = "gcp:kms/keyRing:KeyRing"
	typeKeyGrant   = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
	typeAgent      = "gcp:projects/serviceIdentity:ServiceIdentity"
)

func devRun(t *testing.T) *run {
	r := runNew(t, testConfig(t, "dev", devCluster, devPools))
	require.NoError(t, r.Err)
	return r
}

func TestClusterIsPrivateEncryptedShieldedWithWorkloadIdentity(t *testing.T) {
	r := devRun(t)
	c := r.One(typeCluster, "ml").In
	assert.Equal(t, "ml", c["name"])
	assert.Equal(t, "us-central1-a", c["location"], "zonal dev cluster in the region's first zone")
	assert.Equal(t, "1.33", c["minMasterVersion"])
	assert.Equal(t, map[string]any{"channel": "REGULAR"}, c["releaseChannel"])

	pcc := c["privateClusterConfig"].(map[string]any)
	assert.Equal(t, true, pcc["enablePrivateNodes"])
	assert.Equal(t, false, pcc["enablePrivateEndpoint"], "endpoint.public: true")
	assert.Equal(t, "172.16.0.0/28", pcc["masterIpv4CidrBlock"])
	assert.Equal(t, map[string]any{
		"cidrBlocks":                  []any{map[string]any{"cidrBlock": "203.0.113.0/24", "displayName": "cluster.endpoint.publicCidrs"}},
		"gcpPublicCidrsAccessEnabled": false,
	}, c["masterAuthorizedNetworksConfig"])

	assert.Equal(t, map[string]any{"workloadPool": "acme-ml-dev.svc.id.goog"}, c["workloadIdentityConfig"])
	assert.Equal(t, true, c["enableShieldedNodes"])
	assert.Equal(t, "VPC_NATIVE", c["networkingMode"])
	assert.Equal(t, map[string]any{"clusterSecondaryRangeName": "pods", "servicesSecondaryRangeName": "services"}, c["ipAllocationPolicy"])

	key := r.One(typeKey, "ml-secrets")
	assert.Equal(t, map[string]any{"state": "ENCRYPTED", "keyName": "ml-secrets-id"}, c["databaseEncryption"])
	assert.True(t, r.One(typeCluster, "ml").DependsOn(key))
	assert.Equal(t, "7776000s", key.In["rotationPeriod"])
	assert.Equal(t, "us-central1", r.One(typeKeyRing, "ml").In["location"], "the key sits in the cluster's region")

	assert.Equal(t, []any{"SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"}, c["loggingConfig"].(map[string]any)["enableComponents"])
	assert.Contains(t, c["monitoringConfig"].(map[string]any)["enableComponents"], "APISERVER")
	assert.Equal(t, false, c["deletionProtection"], "dev clusters can be destroyed")
}

func TestGKEServiceAgentMayUseTheKeyBeforeTheClusterExists(t *testing.T) {
	r := devRun(t)
	agent := r.One(typeAgent, "ml-gke-agent")
	assert.Equal(t, "container.googleapis.com", agent.In["service"])
	grant := r.One(typeKeyGrant, "ml-secrets-gke")
	assert.Equal(t, "roles/cloudkms.cryptoKeyEncrypterDecrypter", grant.In["role"])
	assert.Equal(t, "serviceAccount:service-"+gketest.ProjectNumber+"@container-engine-robot.iam.gserviceaccount.com", grant.In["member"])
	assert.Equal(t, "ml-secrets-id", grant.In["cryptoKeyId"])
	assert.True(t, r.One(typeCluster, "ml").DependsOn(grant), "GKE checks the key when it creates the cluster")
}

func TestNoDefaultNodePoolAndNeverTheDefaultServiceAccount(t *testing.T) {
	r := devRun(t)
	cl := r.One(typeCluster, "ml")
	assert.Equal(t, true, cl.In["removeDefaultNodePool"])
	assert.Equal(t, 1.0, cl.In["initialNodeCount"])
	assert.Subset(t, cl.RegisterRPC.GetIgnoreChanges(), []string{"nodeConfig", "initialNodeCount"})

	sa := r.One(typeAccount, "ml-nodes")
	assert.Equal(t, "ml-nodes", sa.In["accountId"])
	email := "ml-nodes@" + gketest.Project + ".iam.gserviceaccount.com"
	assert.Equal(t, email, cl.In["nodeConfig"].(map[string]any)["serviceAccount"], "even the default pool's one node")
	pools := r.All(typeNodePool)
	require.Len(t, pools, 5)
	for _, np := range pools {
		nc := np.In["nodeConfig"].(map[string]any)
		assert.Equal(t, email, nc["serviceAccount"], np.Name)
		assert.NotContains(t, nc["serviceAccount"], "-compute@developer.gserviceaccount.com", np.Name)
		assert.Equal(t, []any{cloudPlatformScope}, nc["oauthScopes"], np.Name)
		assert.Equal(t, map[string]any{"enableSecureBoot": true, "enableIntegrityMonitoring": true}, nc["shieldedInstanceConfig"], np.Name)
		assert.Equal(t, map[string]any{"mode": "GKE_METADATA"}, nc["workloadMetadataConfig"], np.Name)
		assert.Equal(t, "COS_CONTAINERD", nc["imageType"], np.Name)
	}

	roles := map[string]bool{}
	for _, m := range r.All(typeIAMMember) {
		if strings.Contains(m.Name, "-admin-") {
			continue
		}
		assert.Equal(t, "serviceAccount:"+email, m.In["member"], m.Name)
		assert.Equal(t, "acme-ml-dev", m.In["project"], m.Name)
		roles[m.In["role"].(string)] = true
		for _, np := range pools {
			assert.True(t, np.DependsOn(m), "%s waits for %s", np.Name, m.Name)
		}
	}
	assert.Equal(t, map[string]bool{
		"roles/logging.logWriter": true, "roles/monitoring.metricWriter": true,
		"roles/monitoring.viewer": true, "roles/artifactregistry.reader": true,
	}, roles, "least privilege: nothing beyond logs, metrics and image pulls")
}

func TestNodePoolsCarryLabelsTaintsSpotAndAutoscaling(t *testing.T) {
	r := devRun(t)
	sys := r.One(typeNodePool, "ml-system").In
	assert.Equal(t, "system", sys["name"])
	assert.Equal(t, map[string]any{"totalMinNodeCount": 1.0, "totalMaxNodeCount": 3.0, "locationPolicy": "BALANCED"}, sys["autoscaling"])
	nc := sys["nodeConfig"].(map[string]any)
	assert.Equal(t, "n2-standard-4", nc["machineType"])
	assert.Equal(t, 100.0, nc["diskSizeGb"])
	assert.Equal(t, "pd-balanced", nc["diskType"])
	assert.Equal(t, false, nc["spot"])
	assert.Equal(t, map[string]any{"mlkube.io/pool": "system"}, nc["labels"])
	assert.NotContains(t, nc, "taints")
	assert.NotContains(t, nc, "guestAccelerators")

	batch := r.One(typeNodePool, "ml-batch").In
	assert.Equal(t, "ANY", batch["autoscaling"].(map[string]any)["locationPolicy"], "spot capacity from any zone")
	bnc := batch["nodeConfig"].(map[string]any)
	assert.Equal(t, true, bnc["spot"])
	assert.Equal(t, map[string]any{"mlkube.io/pool": "batch", "team": "research"}, bnc["labels"])
	assert.Equal(t, []any{map[string]any{"key": "batch", "value": "true", "effect": "NO_EXECUTE"}}, bnc["taints"])
	assert.Equal(t, 0.0, batch["autoscaling"].(map[string]any)["totalMinNodeCount"])

	for _, np := range r.All(typeNodePool) {
		assert.Subset(t, np.RegisterRPC.GetIgnoreChanges(), []string{"initialNodeCount", "nodeCount"}, np.Name)
		assert.True(t, np.DependsOn(r.One(typeCluster, "ml")), np.Name)
		assert.True(t, np.DependsOn(r.One(typeNAT, "ml")), "%s: private nodes pull images through NAT", np.Name)
		for _, other := range r.All(typeNodePool) {
			assert.False(t, np.DependsOn(other), "%s waits for %s", np.Name, other.Name)
		}
	}
}

func TestGPUPoolsHaveAcceleratorsAtZeroWithoutGKEsOwnTaintAndLabels(t *testing.T) {
	r := devRun(t)
	g := r.One(typeNodePool, "ml-gpu")
	assert.Equal(t, map[string]any{"totalMinNodeCount": 0.0, "totalMaxNodeCount": 2.0, "locationPolicy": "ANY"}, g.In["autoscaling"])
	nc := g.In["nodeConfig"].(map[string]any)
	assert.Equal(t, true, nc["spot"])
	assert.Equal(t, 200.0, nc["diskSizeGb"])
	assert.Equal(t, []any{map[string]any{
		"type": "nvidia-l4", "count": 1.0,
		"gpuDriverInstallationConfig": map[string]any{"gpuDriverVersion": "LATEST"},
	}}, nc["guestAccelerators"])
	// GKE taints GPU nodes nvidia.com/gpu=present:NoSchedule and labels
	// them with the accelerator itself; sending either again is refused or
	// shows as a diff on the next preview.
	assert.NotContains(t, nc, "taints")
	assert.Equal(t, map[string]any{
		"mlkube.io/pool": "gpu", "mlkube.io/accelerator": "nvidia", "mlkube.io/gpu-model": "l4",
		"nvidia.com/device-plugin.config": "none",
	}, nc["labels"])
	assert.Contains(t, g.RegisterRPC.GetIgnoreChanges(), `nodeConfig.labels["cloud.google.com/gke-accelerator"]`)
	assert.Contains(t, g.RegisterRPC.GetIgnoreChanges(), `nodeConfig.labels["cloud.google.com/gke-max-shared-clients-per-gpu"]`)
	assert.Equal(t, "45m", g.RegisterRPC.GetCustomTimeouts().GetCreate(), "a GPU pool may take 35 minutes")
	assert.Empty(t, r.One(typeNodePool, "ml-system").RegisterRPC.GetCustomTimeouts().GetCreate())

	shared := r.One(typeNodePool, "ml-shared").In["nodeConfig"].(map[string]any)["guestAccelerators"].([]any)[0].(map[string]any)
	assert.Equal(t, 2.0, shared["count"])
	assert.Equal(t, map[string]any{"gpuSharingStrategy": "TIME_SHARING", "maxSharedClientsPerGpu": 4.0}, shared["gpuSharingConfig"])

	train := r.One(typeNodePool, "ml-train").In["nodeConfig"].(map[string]any)["guestAccelerators"].([]any)[0].(map[string]any)
	assert.Equal(t, "nvidia-tesla-a100", train["type"])
	assert.Equal(t, 8.0, train["count"])
	assert.Equal(t, "1g.5gb", train["gpuPartitionSize"])

	// The contract's pools say what the nodes carry: GKE's label and the GPU taint.
	p, ok := r.Cluster.Pool("gpu")
	require.True(t, ok)
	assert.Equal(t, "nvidia-l4", p.Labels["cloud.google.com/gke-accelerator"])
	assert.Equal(t, []cluster.Taint{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}}, p.Taints)
	sys, _ := r.Cluster.Pool("system")
	assert.NotContains(t, sys.Labels, "cloud.google.com/gke-accelerator")
}

func TestClusterSaysWhatGKEDoes(t *testing.T) {
	r := devRun(t)
	c := r.Cluster
	assert.Equal(t, "gke", c.Kind)
	assert.Equal(t, "us-central1", c.Region)
	caps := c.Capabilities
	assert.True(t, caps.ManagedAutoscaling)
	assert.Empty(t, caps.AutoscalerCloudProvider)
	assert.True(t, caps.GPUDriverPreinstalled)
	assert.True(t, caps.ContainerToolkitPreinstalled)
	assert.True(t, caps.DevicePluginPreinstalled)
	assert.True(t, caps.GPUSharingByCloud)
	assert.Equal(t, "/home/kubernetes/bin/nvidia", caps.GPUDriverHostPath)
	assert.True(t, caps.MetricsServer)
	assert.True(t, caps.ManagedControlPlane)
	assert.True(t, caps.NetworkPolicyEnforced, "Dataplane V2 enforces NetworkPolicy")
	assert.Equal(t, "ADVANCED_DATAPATH", r.One(typeCluster, "ml").In["datapathProvider"])
	assert.Empty(t, c.NodeGroupPatterns)
	assert.Len(t, c.NodesReady, 5)
	assert.Equal(t, map[string]string{"networking.gke.io/load-balancer-type": "Internal"}, c.InternalLoadBalancerAnnotations)

	assert.Equal(t, "pd.csi.storage.gke.io", c.Storage.Fast.Provisioner)
	assert.Equal(t, "pd-ssd", c.Storage.Fast.Parameters["type"])
	assert.Equal(t, "pd-balanced", c.Storage.Standard.Parameters["type"])
	assert.Nil(t, c.Storage.Shared, "no Filestore unless cluster.gke.filestore")
	addons := r.One(typeCluster, "ml").In["addonsConfig"].(map[string]any)
	assert.Equal(t, map[string]any{"enabled": false}, addons["gcpFilestoreCsiDriverConfig"])

	noGPU := capabilities(nil)
	assert.False(t, noGPU.GPUDriverPreinstalled, "no GPU pool, nothing preinstalled")
	assert.True(t, noGPU.ManagedAutoscaling)
}

func TestProductionIsRegionalProtectedWithFilestore(t *testing.T) {
	r := runNew(t, testConfig(t, "production", prodCluster, devPools))
	require.NoError(t, r.Err)
	cl := r.One(typeCluster, "prod")
	assert.Equal(t, "europe-west4", cl.In["location"])
	assert.Equal(t, []any{"europe-west4-a", "europe-west4-b", "europe-west4-c"}, cl.In["nodeLocations"])
	assert.Equal(t, map[string]any{"channel": "STABLE"}, cl.In["releaseChannel"])
	assert.Equal(t, true, cl.In["deletionProtection"])
	assert.True(t, cl.RegisterRPC.GetProtect())
	key := r.One(typeKey, "prod-secrets")
	assert.True(t, key.RegisterRPC.GetProtect())
	assert.True(t, key.RegisterRPC.GetRetainOnDelete(), "destroying the key would make the Secrets unreadable")
	for _, np := range r.All(typeNodePool) {
		assert.Equal(t, []any{"europe-west4-a", "europe-west4-b", "europe-west4-c"}, np.In["nodeLocations"], np.Name)
	}
	assert.Equal(t, 1.0, r.One(typeNodePool, "prod-system").In["initialNodeCount"], "one node per zone for min 1 over three zones")

	addons := cl.In["addonsConfig"].(map[string]any)
	assert.Equal(t, map[string]any{"enabled": true}, addons["gcpFilestoreCsiDriverConfig"])
	require.NotNil(t, r.Cluster.Storage.Shared)
	assert.Equal(t, "filestore.csi.storage.gke.io", r.Cluster.Storage.Shared.Provisioner)
	assert.Equal(t, "prod", r.Cluster.Storage.Shared.Parameters["network"], "Filestore instances join the cluster's VPC")

	dev := devRun(t)
	assert.False(t, dev.One(typeCluster, "ml").RegisterRPC.GetProtect())
	assert.False(t, dev.One(typeKey, "ml-secrets").RegisterRPC.GetProtect())
}

func TestNewNetworkIsVPCNativeWithNAT(t *testing.T) {
	r := devRun(t)
	vpc := r.One(typeNetwork, "ml").In
	assert.Equal(t, false, vpc["autoCreateSubnetworks"])
	sub := r.One(typeSubnetwork, "ml-nodes")
	assert.Equal(t, "10.0.0.0/20", sub.In["ipCidrRange"])
	assert.Equal(t, true, sub.In["privateIpGoogleAccess"])
	assert.Equal(t, "us-central1", sub.In["region"])
	assert.Equal(t, []any{
		map[string]any{"rangeName": "pods", "ipCidrRange": "10.0.128.0/17"},
		map[string]any{"rangeName": "services", "ipCidrRange": "10.0.16.0/20"},
	}, sub.In["secondaryIpRanges"])
	nat := r.One(typeNAT, "ml")
	assert.Equal(t, "LIST_OF_SUBNETWORKS", nat.In["sourceSubnetworkIpRangesToNat"])
	assert.True(t, nat.DependsOn(sub))
	cl := r.One(typeCluster, "ml")
	assert.True(t, cl.DependsOn(sub))
	assert.False(t, cl.DependsOn(nat), "the control plane does not wait for NAT")
}

func TestExistingNetworkIsAdoptedNotCreated(t *testing.T) {
	cfg := testConfig(t, "dev", `{"provider":"gke","name":"ml","region":"us-central1",
		"gke":{"project":"acme-ml-dev","network":"projects/host/global/networks/shared",
		       "subnetwork":"projects/host/regions/us-central1/subnetworks/ml","podsRangeName":"ml-pods"}}`, devPools)
	r := runNew(t, cfg)
	require.NoError(t, r.Err)
	assert.Empty(t, r.All(typeNetwork))
	assert.Empty(t, r.All(typeSubnetwork))
	assert.Empty(t, r.All(typeNAT))
	c := r.One(typeCluster, "ml").In
	assert.Equal(t, "projects/host/global/networks/shared", c["network"])
	assert.Equal(t, "projects/host/regions/us-central1/subnetworks/ml", c["subnetwork"])
	assert.Equal(t, map[string]any{"clusterSecondaryRangeName": "ml-pods", "servicesSecondaryRangeName": "services"}, c["ipAllocationPolicy"])
	assert.Equal(t, "us-central1", c["location"], "regional unless zonal")
	// A private endpoint without a known node range admits no CIDR but the VPC's.
	assert.Equal(t, map[string]any{"gcpPublicCidrsAccessEnabled": false}, c["masterAuthorizedNetworksConfig"])
	assert.Equal(t, true, c["privateClusterConfig"].(map[string]any)["enablePrivateEndpoint"])
}

func TestKubeconfigIsSecretAndExecBased(t *testing.T) {
	r := devRun(t)
	assert.True(t, pulumi.IsSecret(r.Cluster.Kubeconfig))
	var kc struct {
		Clusters []struct {
			Cluster map[string]string `json:"cluster"`
		} `json:"clusters"`
		Users []struct {
			User struct {
				Token string `json:"token"`
				Exec  struct {
					Command            string `json:"command"`
					APIVersion         string `json:"apiVersion"`
					ProvideClusterInfo bool   `json:"provideClusterInfo"`
				} `json:"exec"`
			} `json:"user"`
		} `json:"users"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(r.Kubeconfig), &kc))
	require.Len(t, kc.Users, 1)
	u := kc.Users[0].User
	assert.Empty(t, u.Token, "no static token")
	assert.Equal(t, "gke-gcloud-auth-plugin", u.Exec.Command)
	assert.Equal(t, "client.authentication.k8s.io/v1beta1", u.Exec.APIVersion)
	assert.True(t, u.Exec.ProvideClusterInfo)
	assert.True(t, strings.HasPrefix(kc.Clusters[0].Cluster["server"], "https://34."))
	assert.NotEmpty(t, kc.Clusters[0].Cluster["certificate-authority-data"])

	p := r.One("pulumi:providers:kubernetes", "ml")
	assert.Equal(t, "ml", p.In["clusterIdentifier"])
	assert.True(t, p.DependsOn(r.One(typeCluster, "ml")))
}

func TestEverythingIsAChildOfTheComponentThroughTheProjectsProvider(t *testing.T) {
	r := devRun(t)
	assert.False(t, r.One(TypeToken, "ml").Custom)
	gcp := r.One("pulumi:providers:gcp", "ml").In
	assert.Equal(t, "acme-ml-dev", gcp["project"])
	assert.Equal(t, "us-central1", gcp["region"])
	assert.Equal(t, map[string]any{"mlkube-cluster": "ml", "mlkube-environment": "dev"}, gcp["defaultLabels"])
	for _, x := range r.Res {
		if x.TypeToken == TypeToken {
			continue
		}
		assert.True(t, strings.HasSuffix(x.RegisterRPC.GetParent(), "::"+TypeToken+"::ml"), "%s %s parent %s", x.TypeToken, x.Name, x.RegisterRPC.GetParent())
		if strings.HasPrefix(x.TypeToken, "gcp:") {
			assert.Contains(t, x.Provider, "pulumi:providers:gcp::ml::", "%s %s", x.TypeToken, x.Name)
		}
	}
}

func TestGKEConfigErrorsComeBeforeAnyResource(t *testing.T) {
	cfg := testConfig(t, "production", `{"provider":"gke","name":"ml","region":"us-central1",
		"gke":{"project":"acme-ml","zonal":true}}`,
		`[{"name":"system","machineType":"n2-standard-4","min":1,"max":2},
		  {"name":"gpu","machineType":"a2-highgpu-1g","min":0,"max":2,"gpu":{"model":"t4","count":1}}]`)
	r := runNew(t, cfg)
	require.Error(t, r.Err)
	for _, want := range []string{
		"cluster.gke.zonal: must be false in production",
		"nodePools[1].gpu.model: must be a100",
	} {
		assert.Contains(t, r.Err.Error(), want)
	}
	assert.Empty(t, r.Res, "nothing may be registered when the stack is invalid")
}

func TestAdminsAreClusterAdminsOfThisClusterOnly(t *testing.T) {
	r := devRun(t)
	iam := r.One(typeIAMMember, "ml-admin-user-alice-example-com").In
	assert.Equal(t, "roles/container.clusterViewer", iam["role"], "reads the connection details, not every cluster's objects")
	assert.Equal(t, "user:alice@example.com", iam["member"])
	crb := r.One("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "ml-admin-user-alice-example-com")
	assert.Equal(t, map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, crb.In["roleRef"])
	assert.Equal(t, []any{map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice@example.com"}}, crb.In["subjects"])
	assert.Contains(t, crb.Provider, "pulumi:providers:kubernetes::ml::")
	assert.NotContains(t, r.One(typeCluster, "ml").In, "authenticatorGroupsConfig")

	prod := runNew(t, testConfig(t, "production", prodCluster, devPools))
	require.NoError(t, prod.Err)
	assert.Equal(t, map[string]any{"securityGroup": "gke-security-groups@example.com"}, prod.One(typeCluster, "prod").In["authenticatorGroupsConfig"])
	g := prod.One("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "prod-admin-group-platform-example-com")
	assert.Equal(t, "Group", g.In["subjects"].([]any)[0].(map[string]any)["kind"])
}
