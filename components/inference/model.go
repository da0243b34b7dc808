package inference

import (
	"fmt"
	"net/url"
	"strings"
)

// source is a parsed Model.Source.
type source struct {
	scheme string // s3, gs, az or https
	raw    string
	bucket string // bucket (s3, gs) or container (az)
	path   string // object or prefix inside the bucket
	acct   string // storage account (az)
}

// parseSource accepts s3://bucket/prefix, gs://bucket/prefix,
// az://account/container/prefix and https:// URLs.
func parseSource(raw string) (source, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return source{}, fmt.Errorf("%q is not a URI: %v", raw, err)
	}
	s := source{scheme: u.Scheme, raw: raw}
	rest := strings.Trim(u.Path, "/")
	switch u.Scheme {
	case "s3", "gs":
		if u.Host == "" {
			return source{}, fmt.Errorf("%q has no bucket", raw)
		}
		s.bucket, s.path = u.Host, rest
	case "az":
		container, p, _ := strings.Cut(rest, "/")
		if u.Host == "" || container == "" {
			return source{}, fmt.Errorf("%q must be az://<account>/<container>/<path>", raw)
		}
		s.acct, s.bucket, s.path = u.Host, container, p
	case "https":
		if u.Host == "" {
			return source{}, fmt.Errorf("%q has no host", raw)
		}
	default:
		return source{}, fmt.Errorf("%q must start with s3://, gs://, az:// or https://", raw)
	}
	return s, nil
}

// downloadCommand is the downloader init container's command: rclone with
// an on-the-fly remote that authenticates from the pod's environment (IRSA
// or EKS Pod Identity, GKE Workload Identity, Azure Workload Identity), so
// no credentials appear in the pod spec. An https:// source is one file.
func downloadCommand(s source, dest string) []string {
	var remote string
	switch s.scheme {
	case "s3":
		remote = ":s3,provider=AWS,env_auth=true:"
	case "gs":
		remote = ":gcs,env_auth=true:"
	case "az":
		remote = ":azureblob,env_auth=true,account=" + s.acct + ":"
	case "https":
		return []string{"rclone", "copyurl", "--auto-filename", s.raw, dest}
	}
	return []string{"rclone", "copy", "--fast-list", remote + strings.TrimSuffix(s.bucket+"/"+s.path, "/"), dest}
}
