// Package kubeadmtest says what the tls, random and command providers would
// report for the resources the kubeadm provider creates, for engines that
// create nothing: the provider's unit tests and mlkube's offline plan.
//
// Every value depends only on the resource's name (and length inputs), so
// two runs give byte-identical results. Keys and certificates are fake
// PEM blocks whose bodies are hashes of the name: PEM-shaped enough for
// the program to decode (the CA pin hashes the public key block), never a
// usable key.
package kubeadmtest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/pem"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Outputs are the computed outputs per resource type.
var Outputs = map[string]cluster.OutputsFunc{
	"tls:index/privateKey:PrivateKey":               privateKey,
	"tls:index/selfSignedCert:SelfSignedCert":       cert,
	"tls:index/locallySignedCert:LocallySignedCert": cert,
	"tls:index/certRequest:CertRequest":             certRequest,
	"random:index/randomString:RandomString":        randomString,
	"command:remote:Command":                        command,
}

// FakePEM is a PEM block of the given type whose body is derived from seed.
func FakePEM(blockType, seed string) string {
	var body []byte
	for i := 0; i < 4; i++ {
		sum := sha256.Sum256([]byte(seed + "/" + blockType + "/" + string(rune('0'+i))))
		body = append(body, sum[:]...)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: body}))
}

func privateKey(args pulumi.MockResourceArgs) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(map[string]any{
		"privateKeyPem":      FakePEM("RSA PRIVATE KEY", args.Name),
		"privateKeyPemPkcs8": FakePEM("PRIVATE KEY", args.Name),
		"publicKeyPem":       FakePEM("PUBLIC KEY", args.Name),
		"publicKeyOpenssh":   "ssh-rsa " + base64.StdEncoding.EncodeToString([]byte("mock "+args.Name)) + "\n",
	})
}

func cert(args pulumi.MockResourceArgs) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(map[string]any{
		"certPem": FakePEM("CERTIFICATE", args.Name),
	})
}

func certRequest(args pulumi.MockResourceArgs) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(map[string]any{
		"certRequestPem": FakePEM("CERTIFICATE REQUEST", args.Name),
	})
}

// randomString is lower-case letters and digits derived from the name, as
// long as the length input asks.
func randomString(args pulumi.MockResourceArgs) resource.PropertyMap {
	n := 16
	if v, ok := args.Inputs["length"]; ok && v.IsNumber() {
		n = int(v.NumberValue())
	}
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		sum := sha256.Sum256([]byte(args.Name + "/" + string(rune('a'+i))))
		for _, c := range sum {
			if b.Len() == n {
				break
			}
			b.WriteByte(alphabet[int(c)%len(alphabet)])
		}
	}
	return resource.NewPropertyMapFromMap(map[string]any{"result": b.String()})
}

func command(pulumi.MockResourceArgs) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(map[string]any{"stdout": "", "stderr": ""})
}
