package gke

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/kms"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/projects"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/serviceaccount"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// nodeRoles are all that nodes need: write their logs and metrics, read
// the monitoring data the metrics agent consults, and pull images from
// Artifact Registry. The Compute Engine default service account, which
// GKE would otherwise use, holds Editor on the whole project.
var nodeRoles = []struct{ key, role string }{
	{"log-writer", "roles/logging.logWriter"},
	{"metric-writer", "roles/monitoring.metricWriter"},
	{"monitoring-viewer", "roles/monitoring.viewer"},
	{"registry-reader", "roles/artifactregistry.reader"},
}

// cloudPlatformScope is the only OAuth scope nodes get: with it, the node
// service account's IAM roles alone decide what the nodes may do.
const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"

// Service account IDs are 6 to 30 characters.
const (
	accountIDMax    = 30
	nodeAccountTail = "-nodes"
)

// nodeAccountID is the node service account's ID: the cluster name and
// "-nodes", with a hash in place of the end of a name too long to fit, so
// two long names do not collide.
func nodeAccountID(cluster string) string { return accountID(cluster, nodeAccountTail) }

// accountID is base and tail as a service account ID, with a hash of base
// in place of the end of a base too long to fit.
func accountID(base, tail string) string {
	id := base + tail
	if len(id) <= accountIDMax {
		return id
	}
	sum := sha256.Sum256([]byte(base))
	keep := accountIDMax - len(tail) - 7
	return strings.TrimRight(base[:keep], "-") + "-" + hex.EncodeToString(sum[:])[:6] + tail
}

// nodeAccount is the nodes' own service account with nodeRoles granted on
// the project. The returned resources are the grants: node pools wait for
// them, or their first nodes could not write logs or pull images.
func (b *builder) newNodeAccount() (*serviceaccount.Account, []pulumi.Resource, error) {
	sa, err := serviceaccount.NewAccount(b.Ctx, b.Name+"-nodes", &serviceaccount.AccountArgs{
		AccountId:   pulumi.String(nodeAccountID(b.Name)),
		DisplayName: pulumi.String("Nodes of GKE cluster " + b.Name),
		Description: pulumi.String("Least-privilege identity of the nodes of GKE cluster " + b.Name + " (logs, metrics, image pulls)"),
	}, b.Opts()...)
	if err != nil {
		return nil, nil, err
	}
	var grants []pulumi.Resource
	for _, r := range nodeRoles {
		m, err := projects.NewIAMMember(b.Ctx, b.Name+"-nodes-"+r.key, &projects.IAMMemberArgs{
			Project: pulumi.String(b.opts.Project),
			Role:    pulumi.String(r.role),
			Member:  sa.Member,
		}, b.Opts()...)
		if err != nil {
			return nil, nil, err
		}
		grants = append(grants, m)
	}
	return sa, grants, nil
}

// Cloud KMS settings of the Secrets key.
const (
	keyRotation     = "7776000s" // 90 days
	keyDestroyDelay = "2592000s" // 30 days, the maximum: a cluster without its key cannot read its Secrets
	encrypterRole   = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
	gkeService      = "container.googleapis.com"
)

// secretsKey is the Cloud KMS key that encrypts Kubernetes Secrets in
// etcd, and the grant that lets GKE's service agent use it (the cluster
// waits for the grant: GKE checks the key when it creates the cluster).
type secretsKey struct {
	key   *kms.CryptoKey
	grant pulumi.Resource
}

// newSecretsKey creates a key ring in the cluster's region (keys must sit
// in the cluster's region), a rotating key, and the grant to GKE's service
// agent (service-<project number>@container-engine-robot), whose address
// the service identity resource reports. In production the key is
// protected and kept on destroy: destroying it destroys every version and
// with them the cluster's Secrets.
func (b *builder) newSecretsKey() (*secretsKey, error) {
	prod := b.Cfg.Production()
	ring, err := kms.NewKeyRing(b.Ctx, b.Name, &kms.KeyRingArgs{
		Name:     pulumi.String(b.Name + "-gke"),
		Location: pulumi.String(b.Cfg.Cluster.Region),
	}, b.Opts(pulumi.Protect(prod))...)
	if err != nil {
		return nil, err
	}
	key, err := kms.NewCryptoKey(b.Ctx, b.Name+"-secrets", &kms.CryptoKeyArgs{
		Name:                     pulumi.String("secrets"),
		KeyRing:                  ring.ID(),
		Purpose:                  pulumi.String("ENCRYPT_DECRYPT"),
		RotationPeriod:           pulumi.String(keyRotation),
		DestroyScheduledDuration: pulumi.String(keyDestroyDelay),
	}, b.Opts(pulumi.Protect(prod), pulumi.RetainOnDelete(prod))...)
	if err != nil {
		return nil, err
	}
	agent, err := projects.NewServiceIdentity(b.Ctx, b.Name+"-gke-agent", &projects.ServiceIdentityArgs{
		Project: pulumi.String(b.opts.Project),
		Service: pulumi.String(gkeService),
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	grant, err := kms.NewCryptoKeyIAMMember(b.Ctx, b.Name+"-secrets-gke", &kms.CryptoKeyIAMMemberArgs{
		CryptoKeyId: key.ID(),
		Role:        pulumi.String(encrypterRole),
		Member:      agent.Member,
	}, b.Opts()...)
	if err != nil {
		return nil, err
	}
	return &secretsKey{key: key, grant: grant}, nil
}
