// Package promql reads which series and label names a PromQL expression
// depends on, and which labels a Prometheus operator scrape gives a
// series, so a test can check every expression mlkube writes (dashboards,
// alert rules, adapter rules) against what the scrapes really produce. It
// reads the subset of PromQL mlkube writes: selectors with matchers,
// aggregations with by/without, binary operators with on/ignoring, range
// vectors and functions; it is no general parser.
package promql

import (
	"fmt"
	"sort"
	"strings"
)

// Use is what one expression depends on.
type Use struct {
	// Metrics are the series names it selects.
	Metrics []string
	// Labels are the label names it matches, groups by or joins on.
	Labels []string
}

// clauses are the keywords followed by a list of label names.
var clauses = map[string]bool{"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true}

// aggregations may put their by/without clause before the parenthesis.
var aggregations = map[string]bool{"sum": true, "avg": true, "min": true, "max": true, "count": true, "group": true, "stddev": true,
	"stdvar": true, "topk": true, "bottomk": true, "quantile": true, "count_values": true, "limitk": true, "limit_ratio": true}

// keywords are words that are neither a metric nor a function.
var keywords = map[string]bool{"and": true, "or": true, "unless": true, "bool": true, "offset": true, "inf": true, "nan": true}

// Parse returns the metrics and labels of expr, each sorted once.
func Parse(expr string) (Use, error) {
	var u Use
	metrics, labels := map[string]bool{}, map[string]bool{}
	s := expr
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			end, err := skipString(s, i)
			if err != nil {
				return u, err
			}
			i = end
		case c == '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return u, fmt.Errorf("unclosed [ at %d in %q", i, expr)
			}
			i += end + 1
		case c == '{':
			end, names, err := matchers(s, i)
			if err != nil {
				return u, fmt.Errorf("%w in %q", err, expr)
			}
			for _, n := range names {
				if n != "__name__" {
					labels[n] = true
				}
			}
			i = end
		case isIdentStart(c):
			j := i
			for j < len(s) && isIdentChar(s[j]) {
				j++
			}
			word := s[i:j]
			next := skipSpace(s, j)
			switch {
			case clauses[word] && next < len(s) && s[next] == '(':
				end := strings.IndexByte(s[next:], ')')
				if end < 0 {
					return u, fmt.Errorf("unclosed %s( in %q", word, expr)
				}
				for _, n := range strings.Split(s[next+1:next+end], ",") {
					if n = strings.TrimSpace(n); n != "" && !isLabelName(n) {
						return u, fmt.Errorf("%s(...) lists %q, not a label name, in %q", word, n, expr)
					} else if n != "" {
						labels[n] = true
					}
				}
				j = next + end + 1
			case clauses[word], keywords[strings.ToLower(word)], aggregations[word]:
			case next < len(s) && s[next] == '(':
				// a function or an aggregation
			default:
				metrics[word] = true
			}
			i = j
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(s) && (isIdentChar(s[j]) || s[j] == '.') {
				j++ // 0.99, 1e6, 5m
			}
			i = j
		default:
			i++
		}
	}
	u.Metrics, u.Labels = sorted(metrics), sorted(labels)
	return u, nil
}

// matchers reads {name op "value", ...} from s[open] and returns the index
// after the closing brace and the label names.
func matchers(s string, open int) (int, []string, error) {
	var names []string
	i := open + 1
	for {
		i = skipSpace(s, i)
		if i >= len(s) {
			return i, nil, fmt.Errorf("unclosed { at %d", open)
		}
		if s[i] == '}' {
			return i + 1, names, nil
		}
		if s[i] == ',' {
			i++
			continue
		}
		if !isIdentStart(s[i]) {
			return i, nil, fmt.Errorf("label name expected at %d", i)
		}
		j := i
		for j < len(s) && isIdentChar(s[j]) && s[j] != ':' {
			j++
		}
		names = append(names, s[i:j])
		j = skipSpace(s, j)
		for j < len(s) && strings.IndexByte("=!~", s[j]) >= 0 {
			j++
		}
		j = skipSpace(s, j)
		if j >= len(s) || (s[j] != '"' && s[j] != '\'' && s[j] != '`') {
			return j, nil, fmt.Errorf("quoted value expected at %d", j)
		}
		end, err := skipString(s, j)
		if err != nil {
			return j, nil, err
		}
		i = end
	}
}

func skipString(s string, i int) (int, error) {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && q != '`':
			j++
		case s[j] == q:
			return j + 1, nil
		}
	}
	return len(s), fmt.Errorf("unclosed string at %d", i)
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
		i++
	}
	return i
}

func isIdentStart(c byte) bool {
	return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentChar(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

func isLabelName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isIdentChar(s[i]) || s[i] == ':' || (i == 0 && !isIdentStart(s[i])) {
			return false
		}
	}
	return s != ""
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
