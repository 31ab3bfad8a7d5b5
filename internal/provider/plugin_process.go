package provider

import (
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// Terraform sets pluginCookieEnv in the environment of every provider it
// starts (the go-plugin handshake); a provider run by hand for debugging,
// or in-process by the acceptance tests, does not have it.
const pluginCookieEnv = "TF_PLUGIN_MAGIC_COOKIE"

// sdkLogLevelEnvs are the plugin SDK's log level variables: the root SDK
// logger, its protocol and framework subsystems, and the provider's own
// logger (TF_LOG_PROVIDER_ + the provider type name).
var sdkLogLevelEnvs = []string{
	"TF_LOG_SDK",
	"TF_LOG_SDK_PROTO",
	"TF_LOG_SDK_FRAMEWORK",
	"TF_LOG_PROVIDER_GEOCACHE",
}

var (
	quietLogsOnce sync.Once
	relaxGCOnce   sync.Once
)

// pluginGCPercent is the garbage collector's target for a provider process
// Terraform started: the process lives for one command and its heap is tens
// of megabytes, so collecting a quarter as often trades some memory (about
// 150 MB instead of 80 MB for a plan of 300 caches) for a quarter less CPU.
const pluginGCPercent = 400

// relaxGC applies pluginGCPercent when Terraform started this process and
// GOGC does not say otherwise.
func relaxGC() {
	relaxGCOnce.Do(func() {
		if os.Getenv(pluginCookieEnv) != "" && os.Getenv("GOGC") == "" {
			debug.SetGCPercent(pluginGCPercent)
		}
	})
}

// quietUnreadLogs turns the provider's logging off when Terraform started it
// and would throw every line away. The plugin SDK logs at trace level unless
// told otherwise, and Terraform reads and parses each line a provider writes
// to stderr even when TF_LOG is unset and it shows none of them: for a plan
// of a few hundred caches that is most of the CPU time both processes spend.
// Any TF_LOG* or TF_ACC_LOG* variable leaves logging exactly as the SDK sets
// it, so TF_LOG=trace still shows everything. A panic's output is not a log
// line and still reaches Terraform.
func quietUnreadLogs() {
	quietLogsOnce.Do(func() {
		for _, kv := range quietLogsEnv(os.Environ()) {
			k, v, _ := strings.Cut(kv, "=")
			_ = os.Setenv(k, v)
		}
	})
}

// quietLogsEnv returns the KEY=VALUE settings that silence the logs under
// environ, or nothing when logging was asked for or Terraform did not start
// this process.
func quietLogsEnv(environ []string) []string {
	plugin := false
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if v == "" {
			continue
		}
		if strings.HasPrefix(k, "TF_LOG") || strings.HasPrefix(k, "TF_ACC_LOG") {
			return nil
		}
		if k == pluginCookieEnv {
			plugin = true
		}
	}
	if !plugin {
		return nil
	}
	out := make([]string, 0, len(sdkLogLevelEnvs))
	for _, k := range sdkLogLevelEnvs {
		out = append(out, k+"=off")
	}
	return out
}
