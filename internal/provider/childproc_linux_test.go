package provider

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill cmd's process when the test process
// ends, even by a signal that leaves no chance to clean up, so a simulator
// started by a test never outlives it.
func dieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
