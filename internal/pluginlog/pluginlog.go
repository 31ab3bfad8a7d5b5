// Package pluginlog decides when a provider process may turn the plugin
// SDK's logging off. The SDK logs at trace level unless told otherwise, and
// Terraform reads and parses each line a provider writes to stderr even when
// TF_LOG is unset and it shows none of them: for a plan of a few hundred
// resources that is most of the CPU time both processes spend.
package pluginlog

import (
	"os"
	"strings"
)

// CookieEnv is set by Terraform in the environment of every provider it
// starts (the go-plugin handshake); a provider run by hand for debugging,
// or in-process by acceptance tests, does not have it.
const CookieEnv = "TF_PLUGIN_MAGIC_COOKIE"

// QuietEnv returns the KEY=VALUE settings that turn off the SDK's loggers
// (the root logger, its protocol and framework subsystems) and the logger of
// the provider named typeName, or nothing when environ asks for logs (any
// TF_LOG* or TF_ACC_LOG* variable) or lacks CookieEnv.
func QuietEnv(environ []string, typeName string) []string {
	plugin := false
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if v == "" {
			continue
		}
		if strings.HasPrefix(k, "TF_LOG") || strings.HasPrefix(k, "TF_ACC_LOG") {
			return nil
		}
		if k == CookieEnv {
			plugin = true
		}
	}
	if !plugin {
		return nil
	}
	out := make([]string, 0, 4)
	for _, k := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_" + strings.ToUpper(typeName)} {
		out = append(out, k+"=off")
	}
	return out
}

// Quiet applies QuietEnv to this process's environment, before the SDK
// reads it. A panic's output is not a log line and still reaches Terraform.
func Quiet(typeName string) {
	for _, kv := range QuietEnv(os.Environ(), typeName) {
		k, v, _ := strings.Cut(kv, "=")
		_ = os.Setenv(k, v)
	}
}
