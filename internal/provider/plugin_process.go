package provider

import (
	"os"
	"runtime/debug"
	"sync"

	"github.com/geocache/terraform-provider-geocache/internal/pluginlog"
)

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
		if os.Getenv(pluginlog.CookieEnv) != "" && os.Getenv("GOGC") == "" {
			debug.SetGCPercent(pluginGCPercent)
		}
	})
}

// quietUnreadLogs turns the provider's logging off when Terraform started it
// and would throw every line away (see pluginlog). Any TF_LOG* or TF_ACC_LOG*
// variable leaves logging exactly as the SDK sets it, so TF_LOG=trace still
// shows everything.
func quietUnreadLogs() {
	quietLogsOnce.Do(func() { pluginlog.Quiet("geocache") })
}
