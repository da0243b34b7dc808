package lifecycle

import (
	"fmt"
	"regexp"
	"strconv"
)

// Minor is a Kubernetes minor version such as 1.36.
type Minor struct{ Major, Minor int }

// minorRE is how a stack spells a minor: "1.36" (a patch is not a minor).
var minorRE = regexp.MustCompile(`^v?(\d+)\.(\d+)(\.\d+)?$`)

// ParseMinor reads "1.36" (and, for callers that hold a patch or a tag,
// "1.36.3" or "v1.36.3") as its minor.
func ParseMinor(s string) (Minor, bool) {
	m := minorRE.FindStringSubmatch(s)
	if m == nil {
		return Minor{}, false
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return Minor{major, minor}, true
}

// String is "1.36".
func (m Minor) String() string { return fmt.Sprintf("%d.%d", m.Major, m.Minor) }

// Compare orders minors: negative when m is older than o.
func (m Minor) Compare(o Minor) int {
	if m.Major != o.Major {
		return m.Major - o.Major
	}
	return m.Minor - o.Minor
}

// Steps is how many minors lie between from and to (to − from); a
// negative number is a downgrade.
func Steps(from, to Minor) int {
	if from.Major != to.Major {
		// Kubernetes has had one major; a jump across majors is never one step.
		return 100 * (to.Major - from.Major)
	}
	return to.Minor - from.Minor
}
