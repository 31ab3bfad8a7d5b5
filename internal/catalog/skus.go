package catalog

import "sort"

// SKU is an Azure Managed Redis size.
type SKU struct {
	Name     string
	Family   string
	MemoryMB int64
	// GeoReplication is false for the smallest Balanced sizes, which Azure
	// does not allow in an active geo-replication group.
	GeoReplication bool
}

func sku(family, size string, gb float64, geo bool) SKU {
	return SKU{Name: family + "_" + size, Family: family, MemoryMB: int64(gb * 1024), GeoReplication: geo}
}

var skus = []SKU{
	sku("Balanced", "B0", 0.5, false),
	sku("Balanced", "B1", 1, false),
	sku("Balanced", "B3", 3, true),
	sku("Balanced", "B5", 6, true),
	sku("Balanced", "B10", 12, true),
	sku("Balanced", "B20", 24, true),
	sku("Balanced", "B50", 60, true),
	sku("Balanced", "B100", 120, true),
	sku("Balanced", "B150", 180, true),
	sku("Balanced", "B250", 240, true),
	sku("Balanced", "B350", 360, true),
	sku("Balanced", "B500", 480, true),
	sku("Balanced", "B700", 720, true),
	sku("Balanced", "B1000", 960, true),
	sku("MemoryOptimized", "M10", 12, true),
	sku("MemoryOptimized", "M20", 24, true),
	sku("MemoryOptimized", "M50", 60, true),
	sku("MemoryOptimized", "M100", 120, true),
	sku("MemoryOptimized", "M150", 180, true),
	sku("MemoryOptimized", "M250", 240, true),
	sku("MemoryOptimized", "M350", 360, true),
	sku("MemoryOptimized", "M500", 480, true),
	sku("MemoryOptimized", "M700", 720, true),
	sku("MemoryOptimized", "M1000", 960, true),
	sku("MemoryOptimized", "M1500", 1440, true),
	sku("MemoryOptimized", "M2000", 1920, true),
	sku("ComputeOptimized", "X3", 3, true),
	sku("ComputeOptimized", "X5", 6, true),
	sku("ComputeOptimized", "X10", 12, true),
	sku("ComputeOptimized", "X20", 24, true),
	sku("ComputeOptimized", "X50", 60, true),
	sku("ComputeOptimized", "X100", 120, true),
	sku("ComputeOptimized", "X150", 180, true),
	sku("ComputeOptimized", "X250", 240, true),
	sku("ComputeOptimized", "X350", 360, true),
	sku("ComputeOptimized", "X500", 480, true),
	sku("ComputeOptimized", "X700", 720, true),
}

var skuIndex = func() map[string]SKU {
	m := make(map[string]SKU, len(skus))
	for _, s := range skus {
		m[s.Name] = s
	}
	return m
}()

// SKUs returns the catalogue in family and size order.
func SKUs() []SKU { return append([]SKU(nil), skus...) }

// SKUNames returns every SKU name, in catalogue order.
func SKUNames() []string {
	out := make([]string, len(skus))
	for i, s := range skus {
		out[i] = s.Name
	}
	return out
}

// LookupSKU finds a SKU by its exact name.
func LookupSKU(name string) (SKU, bool) {
	s, ok := skuIndex[name]
	return s, ok
}

// Eviction policies, spelled as the Azure API spells them.
const DefaultEvictionPolicy = "VolatileLRU"

var evictionPolicies = []string{
	"AllKeysLFU", "AllKeysLRU", "AllKeysRandom",
	"VolatileLRU", "VolatileLFU", "VolatileTTL", "VolatileRandom",
	"NoEviction",
}

// EvictionPolicies returns the accepted eviction policy names, sorted.
func EvictionPolicies() []string {
	out := append([]string(nil), evictionPolicies...)
	sort.Strings(out)
	return out
}

// MaxGroupMembers is the largest replication group Azure allows.
const MaxGroupMembers = 5
