package provider

import (
	"strings"
	"testing"
)

func TestQuietLogsEnv(t *testing.T) {
	all := "TF_LOG_SDK=off TF_LOG_SDK_PROTO=off TF_LOG_SDK_FRAMEWORK=off TF_LOG_PROVIDER_GEOCACHE=off"
	for _, tc := range []struct {
		name    string
		environ []string
		want    string
	}{
		{"started by Terraform, no logging asked", []string{"PATH=/bin", pluginCookieEnv + "=x", "TF_LOG="}, all},
		{"not started by Terraform", []string{"PATH=/bin"}, ""},
		{"TF_LOG", []string{pluginCookieEnv + "=x", "TF_LOG=trace"}, ""},
		{"TF_LOG_PROVIDER", []string{"TF_LOG_PROVIDER=debug", pluginCookieEnv + "=x"}, ""},
		{"TF_LOG_SDK_FRAMEWORK", []string{pluginCookieEnv + "=x", "TF_LOG_SDK_FRAMEWORK=trace"}, ""},
		{"TF_LOG_PATH", []string{pluginCookieEnv + "=x", "TF_LOG_PATH=/tmp/tf.log"}, ""},
		{"TF_ACC_LOG_PATH", []string{pluginCookieEnv + "=x", "TF_ACC_LOG_PATH=/tmp/acc.log"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(quietLogsEnv(tc.environ), " "); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
