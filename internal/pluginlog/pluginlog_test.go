package pluginlog

import (
	"strings"
	"testing"
)

func TestQuietEnv(t *testing.T) {
	all := "TF_LOG_SDK=off TF_LOG_SDK_PROTO=off TF_LOG_SDK_FRAMEWORK=off TF_LOG_PROVIDER_GEOCACHE=off"
	for _, tc := range []struct {
		name    string
		environ []string
		want    string
	}{
		{"started by Terraform, no logging asked", []string{"PATH=/bin", CookieEnv + "=x", "TF_LOG="}, all},
		{"not started by Terraform", []string{"PATH=/bin"}, ""},
		{"TF_LOG", []string{CookieEnv + "=x", "TF_LOG=trace"}, ""},
		{"TF_LOG_PROVIDER", []string{"TF_LOG_PROVIDER=debug", CookieEnv + "=x"}, ""},
		{"TF_LOG_SDK_FRAMEWORK", []string{CookieEnv + "=x", "TF_LOG_SDK_FRAMEWORK=trace"}, ""},
		{"TF_LOG_PATH", []string{CookieEnv + "=x", "TF_LOG_PATH=/tmp/tf.log"}, ""},
		{"TF_ACC_LOG_PATH", []string{CookieEnv + "=x", "TF_ACC_LOG_PATH=/tmp/acc.log"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(QuietEnv(tc.environ, "geocache"), " "); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// The provider's own logger is named after its type, upper-cased.
func TestQuietEnvNamesTheProvidersLogger(t *testing.T) {
	got := QuietEnv([]string{CookieEnv + "=x"}, "noop")
	if want := "TF_LOG_PROVIDER_NOOP=off"; len(got) == 0 || got[len(got)-1] != want {
		t.Fatalf("QuietEnv = %v, want it to end with %s", got, want)
	}
}
