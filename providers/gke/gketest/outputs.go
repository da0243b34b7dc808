// Package gketest says what Google Cloud would report for the resources
// the GKE provider creates, for engines that create nothing: the
// provider's unit tests and mlkube's offline plan. Mocks echo a resource's
// inputs; these functions add the outputs Google computes (the cluster
// endpoint and CA, self links, service account e-mails ...).
//
// Every value depends only on the resource's name and inputs, so two runs
// give byte-identical results. The project is "mock-project" (number
// 000000000000) unless the inputs name one; nothing here is a real value.
package gketest

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	mlkube "github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/providers/internal/mockcloud"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Project and ProjectNumber appear in mock self links and e-mails.
const (
	Project       = "mock-project"
	ProjectNumber = "000000000000"
)

// Outputs are the computed outputs per resource type.
var Outputs = map[string]mlkube.OutputsFunc{
	"gcp:container/cluster:Cluster":                cluster,
	"gcp:container/nodePool:NodePool":              nodePool,
	"gcp:compute/network:Network":                  selfLinked("global/networks"),
	"gcp:compute/subnetwork:Subnetwork":            selfLinked("regions/mock-region/subnetworks"),
	"gcp:compute/router:Router":                    selfLinked("regions/mock-region/routers"),
	"gcp:serviceaccount/account:Account":           serviceAccount,
	"gcp:projects/serviceIdentity:ServiceIdentity": serviceIdentity,
}

// input is a string input, or "" when it is absent or not a known string.
func input(args pulumi.MockResourceArgs, key resource.PropertyKey) string {
	return mockcloud.String(args.Inputs, key)
}

func project(args pulumi.MockResourceArgs) string {
	if p := input(args, "project"); p != "" {
		return p
	}
	return Project
}

// name is the explicit name, else the logical name.
func name(args pulumi.MockResourceArgs) string {
	if n := input(args, "name"); n != "" {
		return n
	}
	return args.Name
}

// octets are three stable address bytes derived from s.
func octets(s string) [3]byte {
	sum := sha256.Sum256([]byte(s))
	return [3]byte{sum[0], sum[1], sum[2]}
}

func cluster(args pulumi.MockResourceArgs) resource.PropertyMap {
	n, loc := name(args), input(args, "location")
	o := octets(n)
	return resource.NewPropertyMapFromMap(map[string]any{
		"name":          n,
		"selfLink":      fmt.Sprintf("https://container.googleapis.com/v1/projects/%s/locations/%s/clusters/%s", project(args), loc, n),
		"endpoint":      fmt.Sprintf("34.%d.%d.%d", o[0], o[1], o[2]),
		"masterVersion": input(args, "minMasterVersion") + ".0-gke.1000",
		"masterAuth": map[string]any{
			"clusterCaCertificate": base64.StdEncoding.EncodeToString([]byte("mock CA of " + n)),
		},
		"labelFingerprint": fmt.Sprintf("%x", o),
	})
}

func nodePool(args pulumi.MockResourceArgs) resource.PropertyMap {
	n, loc, cl := name(args), input(args, "location"), input(args, "cluster")
	group := fmt.Sprintf("gke-%s-%s-%x-grp", cl, n, octets(cl+"/"+n))
	return resource.NewPropertyMapFromMap(map[string]any{
		"name":    n,
		"version": "1.33.0-gke.1000",
		"managedInstanceGroupUrls": []any{
			fmt.Sprintf("https://www.googleapis.com/compute/v1/projects/%s/zones/%s/instanceGroups/%s", project(args), loc, group),
		},
	})
}

// selfLinked adds the self link of a Compute resource under a collection.
func selfLinked(collection string) mlkube.OutputsFunc {
	return func(args pulumi.MockResourceArgs) resource.PropertyMap {
		return resource.NewPropertyMapFromMap(map[string]any{
			"name":     name(args),
			"selfLink": fmt.Sprintf("https://www.googleapis.com/compute/v1/projects/%s/%s/%s", project(args), collection, name(args)),
		})
	}
}

func serviceAccount(args pulumi.MockResourceArgs) resource.PropertyMap {
	email := input(args, "accountId") + "@" + project(args) + ".iam.gserviceaccount.com"
	return resource.NewPropertyMapFromMap(map[string]any{
		"email":  email,
		"member": "serviceAccount:" + email,
		"name":   "projects/" + project(args) + "/serviceAccounts/" + email,
	})
}

// serviceIdentity is a Google-managed service agent; GKE's is
// service-<project number>@container-engine-robot.iam.gserviceaccount.com.
func serviceIdentity(args pulumi.MockResourceArgs) resource.PropertyMap {
	agents := map[string]string{"container.googleapis.com": "container-engine-robot"}
	agent, ok := agents[input(args, "service")]
	if !ok {
		agent = "gcp-sa-" + input(args, "service")
	}
	email := "service-" + ProjectNumber + "@" + agent + ".iam.gserviceaccount.com"
	return resource.NewPropertyMapFromMap(map[string]any{"email": email, "member": "serviceAccount:" + email})
}
