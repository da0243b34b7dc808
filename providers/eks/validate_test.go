package eks

import (
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	base := func() *config.Config {
		return &config.Config{
			Cluster: config.Cluster{Provider: "eks", Name: "ml", Region: "us-east-1", Network: config.Network{CIDR: "10.0.0.0/16"}},
			NodePools: []config.NodePool{
				{Name: "system", MachineType: "m6i.large"},
				{Name: "gpu", MachineType: "g5.xlarge", GPU: &config.GPU{Model: "a10g", Count: 1}},
			},
		}
	}
	require.NoError(t, Validate(base()))

	for _, tc := range []struct {
		name   string
		change func(c *config.Config)
		want   []string
	}{
		{"region", func(c *config.Config) { c.Cluster.Region = "useast1" }, []string{"cluster.region: must be an AWS region"}},
		{"vpc too small", func(c *config.Config) { c.Cluster.Network.CIDR = "10.0.0.0/24" }, []string{"cluster.network.cidr: must be an IPv4 /16 to /20"}},
		{"too many zones", func(c *config.Config) {
			c.Cluster.Network.Zones = []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f", "us-east-1g"}
		}, []string{"cluster.network.zones: must list at most 6 zones"}},
		{"zone of another region", func(c *config.Config) { c.Cluster.Network.Zones = []string{"us-east-1a", "eu-west-1b"} },
			[]string{"cluster.network.zones[1]: must be a zone of region us-east-1"}},
		{"us-west-1 needs zones", func(c *config.Config) { c.Cluster.Region = "us-west-1" }, []string{"cluster.network.zones: is required in us-west-1"}},
		{"existing network IDs", func(c *config.Config) {
			c.Cluster.Network = config.Network{VpcID: "vpc1", PrivateSubnetIDs: []string{"subnet-a", "sn-b"}}
		}, []string{"cluster.network.vpcId: must be a VPC ID", "cluster.network.privateSubnetIds[1]: must be a subnet ID"}},
		{"admin not an ARN", func(c *config.Config) { c.Cluster.Admins = []string{"alice"} }, []string{"cluster.admins[0]: must be an IAM role or user ARN"}},
		{"admins with the same name", func(c *config.Config) {
			c.Cluster.Admins = []string{"arn:aws:iam::111111111111:role/admins", "arn:aws:iam::222222222222:role/admins"}
		}, []string{`cluster.admins[1]: ends in the same name "admins" as cluster.admins[0]`}},
		{"wrong GPU model for the instance", func(c *config.Config) { c.NodePools[1].GPU.Model = "t4" }, []string{"nodePools[1].gpu.model: must be a10g"}},
		{"wrong GPU count for the instance", func(c *config.Config) { c.NodePools[1].GPU.Count = 4 }, []string{"nodePools[1].gpu.count: must be 1"}},
		{"GPU pool on a CPU instance", func(c *config.Config) { c.NodePools[1].MachineType = "m6i.xlarge" }, []string{"nodePools[1].machineType: m6i.xlarge has no NVIDIA GPU"}},
		{"GPU instance without gpu", func(c *config.Config) { c.NodePools[0].MachineType = "g4dn.xlarge" }, []string{"nodePools[0].gpu: is required: g4dn.xlarge has t4 GPUs"}},
		{"unknown GPU model", func(c *config.Config) { c.NodePools[1].GPU.Model = "b200" }, []string{`nodePools[1].gpu.model: unknown GPU model "b200"`}},
		{"an H200 instance is not an H100", func(c *config.Config) {
			c.NodePools[1].MachineType, c.NodePools[1].GPU = "p5en.48xlarge", &config.GPU{Model: "h100", Count: 8}
		}, []string{"nodePools[1].gpu.model: must be h200: that is the GPU of p5en.48xlarge"}},
		{"p5.4xlarge has one H100", func(c *config.Config) {
			c.NodePools[1].MachineType, c.NodePools[1].GPU = "p5.4xlarge", &config.GPU{Model: "h100", Count: 8}
		}, []string{"nodePools[1].gpu.count: must be 1: a p5.4xlarge has 1 GPU(s), got 8"}},
		{"machine types of two architectures", func(c *config.Config) { c.NodePools[0].MachineTypes = []string{"m6i.xlarge", "m7g.large"} },
			[]string{"nodePools[0].machineTypes[1]: m7g.large runs another CPU architecture than machineType m6i.large"}},
		{"capacity reservation not an ID", func(c *config.Config) { c.NodePools[1].CapacityReservations = []string{"cr-0a1b", "my-reservation"} },
			[]string{`nodePools[1].capacityReservations[1]: must be a capacity reservation ID such as cr-0123456789abcdef0, got "my-reservation"`}},
		{"shared GPUs on karpenter", func(c *config.Config) {
			c.NodePools[1].Provisioner = config.ProvisionerKarpenter
			c.NodePools[1].GPU.Sharing = config.Sharing{Mode: "timeSlicing", Replicas: 4}
		}, []string{"nodePools[1].gpu.sharing: is not available on a karpenter pool"}},
		{"duplicate taint keys", func(c *config.Config) {
			c.NodePools[1].Taints = []config.Taint{{Key: "a", Effect: "NoSchedule"}, {Key: "a", Effect: "NoExecute"}}
		}, []string{"nodePools[1].taints[1].key: duplicates taint key"}},
	} {
		c := base()
		tc.change(c)
		err := Validate(c)
		require.Error(t, err, tc.name)
		var errs config.Errors
		require.ErrorAs(t, err, &errs, tc.name)
		assert.Len(t, errs, len(tc.want), "%s: %v", tc.name, err)
		for _, w := range tc.want {
			assert.Contains(t, err.Error(), w, tc.name)
		}
	}

	// A family mlkube does not know yet is accepted.
	c := base()
	c.NodePools[1].MachineType = "g7.xlarge"
	assert.NoError(t, Validate(c))
}
