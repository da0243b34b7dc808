package config

import (
	"encoding/json"
	"github.com/mlkube/mlkube/internal/gpu"
	"maps"
	"reflect"
	"slices"
)

// decodeConfig reads `sharing: none`, `sharing: {timeSlicing: 4}` or
// `sharing: {mig: {strategy: single, profile: all-1g.10gb}}`.
func (s *Sharing) decodeConfig(d *decoder, path string, raw any) {
	switch v := raw.(type) {
	case nil:
		return
	case string:
		if v != gpu.SharingNone {
			d.errs.add(path, "must be none, {timeSlicing: N} or {mig: {strategy: single|mixed, profile: ...}}, got %q", v)
			return
		}
		s.Mode = gpu.SharingNone
		return
	case map[string]any:
		if len(v) != 1 {
			d.errs.add(path, "must have exactly one of timeSlicing or mig, got %d keys", len(v))
			return
		}
		if n, ok := v["timeSlicing"]; ok {
			var replicas struct {
				N int `min:"2" max:"48"`
			}
			before := len(d.errs.list)
			d.decode(key(path, "timeSlicing"), n, reflect.ValueOf(&replicas).Elem().Field(0), reflect.StructTag(`min:"2" max:"48"`))
			if len(d.errs.list) == before {
				s.Mode, s.Replicas = gpu.SharingTimeSlicing, replicas.N
			}
			return
		}
		if m, ok := v["mig"]; ok {
			var mig struct {
				Strategy string `json:"strategy"`
				Profile  string `json:"profile"`
			}
			d.decode(key(path, "mig"), m, reflect.ValueOf(&mig).Elem(), "")
			s.Mode, s.MIGStrategy, s.MIGProfile = gpu.SharingMIG, mig.Strategy, mig.Profile
			return
		}
		d.errs.add(path, "unknown sharing mode %q; use timeSlicing or mig", slices.Sorted(maps.Keys(v))[0])
	default:
		d.errs.add(path, "must be none, {timeSlicing: N} or {mig: {...}}, got %s", describe(raw))
	}
}

// MarshalJSON writes Sharing back in its stack-file spelling.
func (s Sharing) MarshalJSON() ([]byte, error) {
	switch s.Mode {
	case gpu.SharingTimeSlicing:
		return json.Marshal(map[string]int{"timeSlicing": s.Replicas})
	case gpu.SharingMIG:
		return json.Marshal(map[string]any{"mig": map[string]string{"strategy": s.MIGStrategy, "profile": s.MIGProfile}})
	}
	return json.Marshal(gpu.SharingNone)
}
