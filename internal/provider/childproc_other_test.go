//go:build !linux

package provider

import "os/exec"

// dieWithParent does nothing where the kernel offers no parent-death
// signal; the test's cleanup still stops the child.
func dieWithParent(*exec.Cmd) {}
