package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// timeoutsAttribute is the timeouts package's attribute with the
// descriptions the generated docs need, which the package leaves empty.
func timeoutsAttribute(ctx context.Context, opts timeouts.Opts, defaults string) schema.Attribute {
	a := timeouts.Attributes(ctx, opts)
	nested, ok := a.(schema.SingleNestedAttribute)
	if !ok {
		return a
	}
	nested.MarkdownDescription = "How long operations may take, as Go durations (`30s`, `10m`, `1h`). " + defaults
	for name, attr := range nested.Attributes {
		if s, ok := attr.(schema.StringAttribute); ok {
			s.MarkdownDescription = "Time allowed for " + name + ", e.g. `" + timeoutExamples[name] + "`."
			nested.Attributes[name] = s
		}
	}
	return nested
}

// minutes renders a whole-minute default the way users write it.
func minutes(d time.Duration) string { return fmt.Sprintf("%dm", int(d.Minutes())) }

var timeoutExamples = map[string]string{"create": "45m", "read": "5m", "update": "30m", "delete": "30m"}
