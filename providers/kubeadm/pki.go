package kubeadm

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"fmt"

	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi-tls/sdk/v5/go/tls"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// pki is what the program generates so that nothing secret is ever read
// back from a host: the cluster CA, the bootstrap token, the CA pin that
// workers check the API server against, and an admin client certificate.
type pki struct {
	caKey  *tls.PrivateKey
	caCert *tls.SelfSignedCert
	// token is the bootstrap token "<id>.<secret>" (secret output).
	token pulumi.StringOutput
	// caHash is "sha256:<hex>" of the CA's SubjectPublicKeyInfo.
	caHash    pulumi.StringOutput
	adminKey  *tls.PrivateKey
	adminCert *tls.LocallySignedCert
}

// Certificate lifetimes. The CA lives as long as kubeadm's own (ten
// years); the admin certificate a year, renewed by the first `pulumi up` in
// its last 30 days.
const (
	caValidityHours    = 87600
	adminValidityHours = 8760
	adminRenewHours    = 720
)

// AdminGroup is the group kubeadm binds to cluster-admin
// (kubeadm:cluster-admins): the admin certificate's organisation. Unlike
// system:masters, the binding can be revoked.
const AdminGroup = "kubeadm:cluster-admins"

func (b *builder) newPKI() (*pki, error) {
	p := &pki{}
	var err error
	// The CA: replacing it replaces the cluster (every node trusts it), so
	// production protects it.
	stateful := b.opts(pulumi.Protect(b.cfg.Production()))
	p.caKey, err = tls.NewPrivateKey(b.ctx, b.name+"-ca", &tls.PrivateKeyArgs{
		Algorithm: pulumi.String("RSA"),
		RsaBits:   pulumi.Int(2048),
	}, stateful...)
	if err != nil {
		return nil, err
	}
	p.caCert, err = tls.NewSelfSignedCert(b.ctx, b.name+"-ca", &tls.SelfSignedCertArgs{
		PrivateKeyPem:       secret(p.caKey.PrivateKeyPem),
		IsCaCertificate:     pulumi.Bool(true),
		ValidityPeriodHours: pulumi.Int(caValidityHours),
		AllowedUses:         pulumi.ToStringArray([]string{"cert_signing", "crl_signing", "digital_signature", "key_encipherment"}),
		Subject:             &tls.SelfSignedCertSubjectArgs{CommonName: pulumi.String("kubernetes")},
	}, stateful...)
	if err != nil {
		return nil, err
	}
	p.caHash = p.caKey.PublicKeyPem.ApplyT(func(pubPEM string) (string, error) {
		return CAHash(pubPEM)
	}).(pulumi.StringOutput)

	// The bootstrap token: [a-z0-9]{6}.[a-z0-9]{16}, as kubeadm requires.
	id, err := b.tokenPart("token-id", 6)
	if err != nil {
		return nil, err
	}
	part, err := b.tokenPart("token-secret", 16)
	if err != nil {
		return nil, err
	}
	p.token = secret(pulumi.Sprintf("%s.%s", id.Result, part.Result))

	p.adminKey, err = tls.NewPrivateKey(b.ctx, b.name+"-admin", &tls.PrivateKeyArgs{
		Algorithm: pulumi.String("RSA"),
		RsaBits:   pulumi.Int(2048),
	}, b.opts()...)
	if err != nil {
		return nil, err
	}
	csr, err := tls.NewCertRequest(b.ctx, b.name+"-admin", &tls.CertRequestArgs{
		PrivateKeyPem: secret(p.adminKey.PrivateKeyPem),
		Subject: &tls.CertRequestSubjectArgs{
			CommonName:   pulumi.String("mlkube-admin"),
			Organization: pulumi.String(AdminGroup),
		},
	}, b.opts()...)
	if err != nil {
		return nil, err
	}
	p.adminCert, err = tls.NewLocallySignedCert(b.ctx, b.name+"-admin", &tls.LocallySignedCertArgs{
		CertRequestPem:      csr.CertRequestPem,
		CaPrivateKeyPem:     secret(p.caKey.PrivateKeyPem),
		CaCertPem:           p.caCert.CertPem,
		ValidityPeriodHours: pulumi.Int(adminValidityHours),
		EarlyRenewalHours:   pulumi.Int(adminRenewHours),
		AllowedUses:         pulumi.ToStringArray([]string{"digital_signature", "key_encipherment", "client_auth"}),
	}, b.opts()...)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (b *builder) tokenPart(suffix string, length int) (*random.RandomString, error) {
	return random.NewRandomString(b.ctx, b.name+"-"+suffix, &random.RandomStringArgs{
		Length:  pulumi.Int(length),
		Lower:   pulumi.Bool(true),
		Numeric: pulumi.Bool(true),
		Upper:   pulumi.Bool(false),
		Special: pulumi.Bool(false),
	}, b.opts()...)
}

// CAHash is kubeadm's CA pin: "sha256:" and the hex SHA-256 of the CA's
// DER-encoded SubjectPublicKeyInfo, which is exactly the body of its PEM
// "PUBLIC KEY" block.
func CAHash(publicKeyPEM string) (string, error) {
	block, _ := pem.Decode([]byte(publicKeyPEM))
	if block == nil || block.Type != "PUBLIC KEY" {
		return "", fmt.Errorf("CA public key: no PEM PUBLIC KEY block")
	}
	sum := sha256.Sum256(block.Bytes)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// secret marks a value secret wherever it is used as an input (the tls
// provider marks its key outputs secret too; this keeps it so under any
// engine).
func secret(v pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.ToSecret(v).(pulumi.StringOutput)
}
