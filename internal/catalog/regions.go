// Package catalog holds the static facts both backends agree on: the regions
// caches can live in, the SKU catalogue and the eviction policies.
package catalog

import (
	"math"
	"sort"
	"time"
)

// Region is an Azure region name with its approximate location.
type Region struct {
	Name        string
	DisplayName string
	Latitude    float64
	Longitude   float64
}

var regions = []Region{
	{"australiaeast", "Australia East", -33.86, 151.21},
	{"australiasoutheast", "Australia Southeast", -37.81, 144.96},
	{"brazilsouth", "Brazil South", -23.55, -46.63},
	{"canadacentral", "Canada Central", 43.65, -79.38},
	{"centralindia", "Central India", 18.58, 73.92},
	{"centralus", "Central US", 41.59, -93.62},
	{"eastasia", "East Asia", 22.27, 114.19},
	{"eastus", "East US", 37.37, -79.82},
	{"eastus2", "East US 2", 36.67, -78.39},
	{"francecentral", "France Central", 46.38, 2.37},
	{"germanywestcentral", "Germany West Central", 50.11, 8.68},
	{"japaneast", "Japan East", 35.68, 139.77},
	{"japanwest", "Japan West", 34.69, 135.50},
	{"koreacentral", "Korea Central", 37.57, 126.98},
	{"northcentralus", "North Central US", 41.88, -87.63},
	{"northeurope", "North Europe", 53.35, -6.26},
	{"norwayeast", "Norway East", 59.91, 10.75},
	{"southafricanorth", "South Africa North", -25.73, 28.22},
	{"southcentralus", "South Central US", 29.42, -98.50},
	{"southeastasia", "Southeast Asia", 1.28, 103.83},
	{"southindia", "South India", 12.98, 80.16},
	{"swedencentral", "Sweden Central", 60.67, 17.14},
	{"switzerlandnorth", "Switzerland North", 47.45, 8.56},
	{"uaenorth", "UAE North", 25.27, 55.32},
	{"uksouth", "UK South", 50.94, -0.80},
	{"westeurope", "West Europe", 52.37, 4.90},
	{"westus", "West US", 37.78, -122.42},
	{"westus2", "West US 2", 47.23, -119.85},
	{"westus3", "West US 3", 33.45, -112.07},
}

var regionIndex = func() map[string]Region {
	m := make(map[string]Region, len(regions))
	for _, r := range regions {
		m[r.Name] = r
	}
	return m
}()

// Regions returns the catalogue sorted by name.
func Regions() []Region {
	out := append([]Region(nil), regions...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RegionNames returns the region names sorted.
func RegionNames() []string {
	out := make([]string, len(regions))
	for i, r := range Regions() {
		out[i] = r.Name
	}
	return out
}

// LookupRegion finds a region by its exact name.
func LookupRegion(name string) (Region, bool) {
	r, ok := regionIndex[name]
	return r, ok
}

// DistanceKM is the great-circle distance between two regions.
func DistanceKM(a, b Region) float64 {
	const earthRadiusKM = 6371.0
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	dLat := rad(b.Latitude - a.Latitude)
	dLon := rad(b.Longitude - a.Longitude)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(rad(a.Latitude))*math.Cos(rad(b.Latitude))*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKM * math.Asin(math.Sqrt(h))
}

// OneWayLatency estimates the one-way network delay between two regions:
// light in fibre covers about 200 km per millisecond, real routes are about
// 1.5 times the great-circle distance, plus a millisecond of switching.
// Unknown regions and a region with itself give the switching cost alone.
func OneWayLatency(from, to string) time.Duration {
	a, okA := LookupRegion(from)
	b, okB := LookupRegion(to)
	if !okA || !okB || from == to {
		return time.Millisecond
	}
	ms := 1 + DistanceKM(a, b)*1.5/200
	return time.Duration(ms * float64(time.Millisecond))
}
