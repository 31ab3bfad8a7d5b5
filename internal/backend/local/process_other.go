//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package local

import (
	"context"
	"errors"
	"os"
)

var errNoAutoStart = errors.New("auto_start is not supported on this operating system: run `terraform-provider-geocache sim serve` yourself")

func lockExclusive(context.Context, string) (func(), error) { return nil, errNoAutoStart }

type child struct{ pid int }

func startDetached(string, []string, []string, *os.File) (*child, error) { return nil, errNoAutoStart }

func (c *child) exited() (bool, string) { return true, errNoAutoStart.Error() }

func (c *child) release() {}
