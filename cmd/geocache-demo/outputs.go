package main

import (
	"encoding/json"
	"fmt"
	"sort"
)

// cache is one cache as the quickstart's outputs describe it.
type cache struct {
	Name           string
	ID             string   `json:"id"`
	Region         string   `json:"region"`
	Hostname       string   `json:"hostname"`
	Port           int      `json:"port"`
	LinkedCacheIDs []string `json:"linked_cache_ids"`
	GeoState       string   `json:"geo_replication_state"`
	key            string
}

func (c cache) endpoint() string { return fmt.Sprintf("%s:%d", c.Hostname, c.Port) }

type output struct {
	Sensitive bool            `json:"sensitive"`
	Value     json.RawMessage `json:"value"`
}

// parseOutputs reads the `caches` (name -> attributes) and `access_keys`
// (name -> primary key) outputs of `terraform output -json` and returns the
// caches sorted by name.
func parseOutputs(raw []byte) ([]cache, error) {
	var outs map[string]output
	if err := json.Unmarshal(raw, &outs); err != nil {
		return nil, fmt.Errorf("terraform output is not JSON: %w", err)
	}
	if len(outs) == 0 {
		return nil, fmt.Errorf("the configuration has no outputs: was it applied? (run make demo)")
	}
	cachesOut, ok := outs["caches"]
	if !ok {
		return nil, fmt.Errorf(`no "caches" output`)
	}
	keysOut, ok := outs["access_keys"]
	if !ok {
		return nil, fmt.Errorf(`no "access_keys" output`)
	}
	var byName map[string]cache
	if err := json.Unmarshal(cachesOut.Value, &byName); err != nil {
		return nil, fmt.Errorf(`output "caches": %w`, err)
	}
	var keys map[string]string
	if err := json.Unmarshal(keysOut.Value, &keys); err != nil {
		// Deliberately not wrapping the decoder's message: it may quote a key.
		return nil, fmt.Errorf(`output "access_keys" is not a map of names to keys`)
	}

	out := make([]cache, 0, len(byName))
	for name, c := range byName {
		c.Name = name
		c.key = keys[name]
		if c.key == "" {
			return nil, fmt.Errorf("no access key for cache %q", name)
		}
		if c.Hostname == "" || c.Port == 0 {
			return nil, fmt.Errorf("cache %q has no endpoint yet", name)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf(`output "caches" is empty`)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
