// Package anyval reads values decoded from JSON (plan inputs, rendered
// manifests) without a type switch at every step: a value of the wrong
// type reads as the zero value, which the callers treat as absent.
package anyval

// Str is v as a string, or "".
func Str(v any) string {
	s, _ := v.(string)
	return s
}

// List is v as a list, or nil.
func List(v any) []any {
	l, _ := v.([]any)
	return l
}

// StringMap is v as a map of strings; values that are not strings read
// as "".
func StringMap(v any) map[string]string {
	out := map[string]string{}
	m, _ := v.(map[string]any)
	for k, x := range m {
		out[k] = Str(x)
	}
	return out
}
