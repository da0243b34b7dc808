package kubeadm

import (
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-command/sdk/go/command/remote"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CommandType is the resource type of every host script.
const CommandType = "command:remote:Command"

// connection reaches a host over SSH. The private key is a secret input;
// without one, the SSH agent of whoever runs `pulumi up` is used.
func (b *builder) connection(h Host) remote.ConnectionArgs {
	c := remote.ConnectionArgs{
		Host: pulumi.String(h.Address),
		Port: pulumi.Float64(float64(h.SSHPort)),
		User: pulumi.String(h.SSHUser),
	}
	if b.cfg.SSHPrivateKey != "" {
		c.PrivateKey = pulumi.ToSecret(pulumi.String(b.cfg.SSHPrivateKey)).(pulumi.StringOutput)
	}
	return c
}

// prepare runs the host-preparation steps one after the other and returns
// the last one.
func (b *builder) prepare(h Host) (*remote.Command, error) {
	var last *remote.Command
	for _, s := range prepSteps(b.o, b.cfg.Cluster.KubernetesVersion) {
		var deps []pulumi.Resource
		if last != nil {
			deps = append(deps, last)
		}
		cmd, err := remote.NewCommand(b.ctx, h.Name+"-"+s.Name, &remote.CommandArgs{
			Connection: b.connection(h),
			Create:     pulumi.String(s.Script),
		}, b.opts(pulumi.DependsOn(deps))...)
		if err != nil {
			return nil, err
		}
		last = cmd
	}
	return last, nil
}

// initControlPlane places the CA on the control plane and runs kubeadm
// init there. Removing it resets the host (the cluster is gone), so
// production protects it.
func (b *builder) initControlPlane(cp Host, prepared *remote.Command, p *pki, pool *config.NodePool) (*remote.Command, error) {
	placed, err := remote.NewCommand(b.ctx, cp.Name+"-pki", &remote.CommandArgs{
		Connection: b.connection(cp),
		Create:     p.caCert.CertPem.ApplyT(pkiScript).(pulumi.StringOutput),
		Stdin:      secret(p.caKey.PrivateKeyPem),
		Logging:    remote.LoggingStderr,
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{prepared}))...)
	if err != nil {
		return nil, err
	}
	params := initParams(b.cfg, b.o, cp, pool)
	cfgText := p.token.ApplyT(func(token string) string {
		pp := params
		pp.Token = token
		return InitConfig(pp)
	}).(pulumi.StringOutput)
	return remote.NewCommand(b.ctx, cp.Name+"-init", &remote.CommandArgs{
		Connection: b.connection(cp),
		Create:     pulumi.String(initScript()),
		Delete:     pulumi.String(resetScript()),
		Stdin:      secret(cfgText),
		// kubeadm init prints a join command with the token.
		Logging: remote.LoggingStderr,
	}, b.opts(
		pulumi.DependsOn([]pulumi.Resource{placed}),
		pulumi.AdditionalSecretOutputs([]string{"stdout", "stderr"}),
		pulumi.Protect(b.cfg.Production()),
	)...)
}

// join joins a worker as soon as the control plane is initialised: it
// waits for its own preparation and the init, never for another worker.
// A second command on the control plane waits for the node to register;
// when the host leaves the stack, that command drains and deletes the node
// first, and only then is the host reset (Pulumi deletes dependents
// first).
func (b *builder) join(w Host, prepared, init *remote.Command, p *pki, pool config.NodePool, cp Host) (*remote.Command, error) {
	params := joinParams(b.o, w, pool)
	cfgText := pulumi.All(p.token, p.caHash).ApplyT(func(v []any) string {
		pp := params
		pp.Token, pp.CAHash = v[0].(string), v[1].(string)
		return JoinConfig(pp)
	}).(pulumi.StringOutput)
	joined, err := remote.NewCommand(b.ctx, w.Name+"-join", &remote.CommandArgs{
		Connection: b.connection(w),
		Create:     pulumi.String(joinScript()),
		Delete:     pulumi.String(resetScript()),
		Stdin:      secret(cfgText),
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{prepared, init}))...)
	if err != nil {
		return nil, err
	}
	return remote.NewCommand(b.ctx, w.Name+"-node", &remote.CommandArgs{
		Connection: b.connection(cp),
		Create:     pulumi.String(nodeReadyScript(w.Name)),
		Delete:     pulumi.String(drainScript(w.Name)),
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{joined}))...)
}
