package config

import (
	"net/url"
	"slices"
	"strings"
)

// Identity is `workloads.inference[].identity` and
// `workloads.training[].identity`: the cloud identity a workload's
// ServiceAccount gets (IRSA on EKS), allowed to read exactly these object
// storage locations and nothing else. Pods cannot use their node's
// credentials (IMDSv2 answers one hop only), so a private bucket needs it.
type Identity struct {
	// Read are object storage URIs (s3://bucket/prefix) the workload may
	// list and read. An inference service whose model.source is on object
	// storage reads it without saying so.
	Read []string `json:"read"`
}

// Object storage schemes a workload identity can be given access to.
var objectStorageSchemes = []string{"s3", "gs", "az"}

// IsObjectStorage reports whether uri is on a cloud's object storage
// (s3://, gs://, az://), as opposed to a plain https:// download.
func IsObjectStorage(uri string) bool {
	u, err := url.Parse(uri)
	return err == nil && oneOf(u.Scheme, objectStorageSchemes...) && u.Host != ""
}

// ReadURIs are the object storage locations the service reads: its
// identity's, else its model's source when that is on object storage;
// and its canary's source, which the canary's pods (under the same
// service account) read with the same identity.
func (s *Inference) ReadURIs() []string {
	var out []string
	switch {
	case s.Identity != nil:
		out = append(out, s.Identity.Read...)
	case IsObjectStorage(s.Model.Source):
		out = append(out, s.Model.Source)
	}
	if x := s.Expose; x.Canary != nil && IsObjectStorage(x.Canary.Model.Source) && !slices.Contains(out, x.Canary.Model.Source) {
		out = append(out, x.Canary.Model.Source)
	}
	return out
}

// ReadURIs are the object storage locations the job reads (stageData
// needs them declared in identity.read).
func (j *Training) ReadURIs() []string {
	if j.Identity != nil {
		return j.Identity.Read
	}
	return nil
}

// NeedsObjectStorage says a workload downloads from object storage or the
// web, so its pods need the objectStorage egress allowance.
func (s *Inference) NeedsObjectStorage() bool {
	return len(s.ReadURIs()) > 0 || strings.HasPrefix(s.Model.Source, "https://")
}

func validateIdentity(e *errs, path string, id *Identity) {
	if id == nil {
		return
	}
	if len(id.Read) == 0 {
		e.add(key(path, "read"), "is required: the object storage URIs (s3://bucket/prefix) the workload reads")
	}
	for i, r := range id.Read {
		if !IsObjectStorage(r) {
			e.add(index(key(path, "read"), i), "must be an object storage URI (s3://bucket/prefix, gs://..., az://account/container/...), got %q", r)
		}
	}
}
