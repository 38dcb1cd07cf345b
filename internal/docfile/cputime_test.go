package docfile

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used. Time limits in the tests
// are on CPU time, not wall time, so a busy shared machine does not fail
// them while a runaway loop still does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
