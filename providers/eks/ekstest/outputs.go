// Package ekstest says what AWS would report for the resources the EKS
// provider creates, for engines that create nothing: the provider's unit
// tests and mlkube's offline plan (through the provider's Offline). Mocks echo
// a resource's inputs; these functions add the outputs AWS computes (ARNs,
// the cluster endpoint and CA, the OIDC issuer, the node group's Auto
// Scaling group, the launch template version ...).
//
// Every value depends only on the resource's name and inputs, so two runs
// give byte-identical results. The account is 000000000000 and the region
// "mock-region"; nothing here is a real AWS value.
package ekstest

import (
	"encoding/base64"
	"strings"

	mlkube "github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/providers/internal/mockcloud"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Account and Region appear in the mock ARNs.
const (
	Account = "000000000000"
	Region  = "mock-region"
)

// Outputs are the computed outputs per resource type.
var Outputs = map[string]mlkube.OutputsFunc{
	"aws:eks/cluster:Cluster":                             cluster,
	"aws:eks/nodeGroup:NodeGroup":                         nodeGroup,
	"aws:iam/role:Role":                                   role,
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": oidcProvider,
	"aws:ec2/launchTemplate:LaunchTemplate":               launchTemplate,
	"aws:kms/key:Key":                                     kmsKey,
	"aws:sqs/queue:Queue":                                 queue,
}

// Fallback gives every AWS resource without a computed ARN a mock one, so
// any resource's Arn output resolves.
func Fallback(args pulumi.MockResourceArgs) resource.PropertyMap {
	if !strings.HasPrefix(args.TypeToken, "aws:") {
		return nil
	}
	return resource.PropertyMap{"arn": resource.NewProperty("arn:mock:" + args.TypeToken + ":" + args.Name)}
}

// hash is a short, stable stand-in for an ID AWS would generate.
var hash = mockcloud.Hash

// input is a string input, or "" when it is absent or not a known string.
func input(args pulumi.MockResourceArgs, key resource.PropertyKey) string {
	return mockcloud.String(args.Inputs, key)
}

// physicalName is the name AWS would use: the explicit name, the name
// prefix with a stable suffix, or the logical name (autonaming).
func physicalName(args pulumi.MockResourceArgs, nameKey, prefixKey resource.PropertyKey) string {
	if n := input(args, nameKey); n != "" {
		return n
	}
	if p := input(args, prefixKey); p != "" {
		return p + hash(args.Name, 26)
	}
	return args.Name
}

func cluster(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := physicalName(args, "name", "")
	id := strings.ToUpper(hash(name, 32))
	vpc := resource.PropertyMap{}
	if v, ok := args.Inputs["vpcConfig"]; ok && v.IsObject() {
		vpc = v.ObjectValue().Copy()
	}
	vpc["clusterSecurityGroupId"] = resource.NewProperty("sg-" + hash(name+"/cluster", 17))
	out := resource.NewPropertyMapFromMap(map[string]any{
		"arn":                  "arn:aws:eks:" + Region + ":" + Account + ":cluster/" + name,
		"endpoint":             "https://" + id + ".gr7." + Region + ".eks.amazonaws.com",
		"certificateAuthority": map[string]any{"data": base64.StdEncoding.EncodeToString([]byte("mock CA of " + name))},
		"identities": []any{map[string]any{"oidcs": []any{map[string]any{
			"issuer": "https://oidc.eks." + Region + ".amazonaws.com/id/" + id,
		}}}},
		"status": "ACTIVE",
	})
	out["vpcConfig"] = resource.NewProperty(vpc)
	return out
}

func nodeGroup(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := physicalName(args, "nodeGroupName", "nodeGroupNamePrefix")
	return resource.NewPropertyMapFromMap(map[string]any{
		"nodeGroupName": name,
		"arn":           "arn:aws:eks:" + Region + ":" + Account + ":nodegroup/" + input(args, "clusterName") + "/" + name + "/" + hash(name, 8),
		"resources": []any{map[string]any{"autoscalingGroups": []any{map[string]any{
			"name": "eks-" + name + "-" + hash(name, 8),
		}}}},
		"status": "ACTIVE",
	})
}

func role(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := physicalName(args, "name", "namePrefix")
	return resource.NewPropertyMapFromMap(map[string]any{
		"name": name,
		"arn":  "arn:aws:iam::" + Account + ":role/" + name,
	})
}

func oidcProvider(args pulumi.MockResourceArgs) resource.PropertyMap {
	// IAM reports the URL without its scheme.
	url := strings.TrimPrefix(input(args, "url"), "https://")
	return resource.NewPropertyMapFromMap(map[string]any{
		"url": url,
		"arn": "arn:aws:iam::" + Account + ":oidc-provider/" + url,
	})
}

func launchTemplate(args pulumi.MockResourceArgs) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(map[string]any{
		"name":           physicalName(args, "name", "namePrefix"),
		"latestVersion":  1,
		"defaultVersion": 1,
	})
}

func kmsKey(args pulumi.MockResourceArgs) resource.PropertyMap {
	id := hash(args.Name, 8) + "-" + hash(args.Name+"/key", 4) + "-mock"
	return resource.NewPropertyMapFromMap(map[string]any{
		"keyId": id,
		"arn":   "arn:aws:kms:" + Region + ":" + Account + ":key/" + id,
	})
}

func queue(args pulumi.MockResourceArgs) resource.PropertyMap {
	name := physicalName(args, "name", "namePrefix")
	return resource.NewPropertyMapFromMap(map[string]any{
		"name": name,
		"arn":  "arn:aws:sqs:" + Region + ":" + Account + ":" + name,
		"url":  "https://sqs." + Region + ".amazonaws.com/" + Account + "/" + name,
	})
}
