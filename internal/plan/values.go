package plan

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Placeholders for values a plan does not show.
const (
	Secret  = "[secret]"
	Unknown = "[unknown]"
	Asset   = "[asset]"
)

// plainMap turns engine property values into JSON-ready values with secrets
// redacted. encoding/json sorts map keys, so the result prints the same on
// every run.
func plainMap(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if strings.HasPrefix(string(k), "__") {
			continue // __defaults and friends are SDK bookkeeping
		}
		out[string(k)] = plainValue(v)
	}
	return out
}

func plainValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return secretShape(v.SecretValue().Element)
	case v.IsComputed(), v.IsOutput() && !v.OutputValue().Known:
		return Unknown
	case v.IsOutput():
		if v.OutputValue().Secret {
			return secretShape(v.OutputValue().Element)
		}
		return plainValue(v.OutputValue().Element)
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i := range arr {
			out[i] = plainValue(arr[i])
		}
		return out
	case v.IsObject():
		return plainMap(v.ObjectValue())
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsAsset(), v.IsArchive():
		return Asset
	}
	return Unknown
}

// secretShape redacts a secret value but keeps the keys of a secret map
// (a Secret's stringData whose one entry is secret becomes a secret map):
// the keys say what the object holds, and a rendered object keeps its
// schema.
func secretShape(v resource.PropertyValue) any {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsObject() {
		return Secret
	}
	out := map[string]any{}
	for k := range v.ObjectValue() {
		if !strings.HasPrefix(string(k), "__") {
			out[string(k)] = Secret
		}
	}
	return out
}
