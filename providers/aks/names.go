package aks

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Logical names (the last part of a URN) are built from the cluster name, the
// pool name and a fixed role word, never from Go identifiers, so moving code
// cannot replace a resource. AKS names (cluster, agent pools) are explicit:
// they appear in node names and in `az aks` commands, and AKS cannot rename
// either.

// systemPoolName is the AKS name of the system pool.
const systemPoolName = "system"

// agentPoolName is the AKS name of a pool: AKS allows 1-12 lowercase
// letters and digits, so the dashes of mlkube's pool names are dropped.
func agentPoolName(pool string) string { return strings.ReplaceAll(pool, "-", "") }

// resourceGroupName is the name of the resource group New creates when the
// stack names none.
func resourceGroupName(cluster string) string { return cluster + "-rg" }

// shortHash is a short, stable suffix derived from s.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:8]
}
