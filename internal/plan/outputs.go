package plan

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RandomPasswordType is pulumi-random's password resource.
const RandomPasswordType = "random:index/randomPassword:RandomPassword"

// Outputs are the computed outputs of resource types that belong to no
// cloud (the providers' Offline data covers theirs). Values depend only on
// the resource's name, so plans stay byte-identical, and what the real
// provider marks secret is secret here too.
var Outputs = map[string]cluster.OutputsFunc{
	RandomPasswordType: randomPassword,
}

// randomPassword stands in for a generated password: a stable fake derived
// from the name, secret like the real result.
func randomPassword(args pulumi.MockResourceArgs) resource.PropertyMap {
	sum := sha256.Sum256([]byte("mock password of " + args.Name))
	fake := "mock-" + hex.EncodeToString(sum[:])[:16]
	return resource.PropertyMap{
		"result":     resource.MakeSecret(resource.NewProperty(fake)),
		"bcryptHash": resource.MakeSecret(resource.NewProperty("$2a$10$mock" + fake)),
	}
}
