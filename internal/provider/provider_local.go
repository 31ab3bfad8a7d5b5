package provider

import (
	"context"

	"github.com/geocache/terraform-provider-geocache/internal/backend"
	"github.com/geocache/terraform-provider-geocache/internal/backend/local"
)

const backendLocal = "local"

// connectLocal reaches the simulator, starting it when allowed and nothing
// answers at the endpoint.
func connectLocal(ctx context.Context, s backendSettings) (backend.Backend, error) {
	c, err := local.Connect(ctx, local.Config{
		Endpoint:  s.Endpoint,
		Token:     s.Token,
		StateDir:  s.StateDir,
		AutoStart: s.AutoStart,
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
