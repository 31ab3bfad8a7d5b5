package catalog

import (
	"fmt"
	"regexp"
	"strings"
)

var nameRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// NameRule is the human form of ValidateName's rule, for messages and docs.
const NameRule = "1-63 letters, digits and hyphens, starting and ending with a letter or digit, without consecutive hyphens"

// ValidateName checks a cache or replication group name against the Azure
// rule both backends enforce.
func ValidateName(name string) error {
	if !nameRE.MatchString(name) || strings.Contains(name, "--") {
		return fmt.Errorf("invalid name %q: must be %s", name, NameRule)
	}
	return nil
}
