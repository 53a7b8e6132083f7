//go:build linux || darwin || freebsd

package mockserver

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockStateFile takes an exclusive lock on path.lock, so two mocks never
// append to one state file. The kernel drops the lock when the process
// dies, even by kill -9, so a restart never finds a stale one.
func lockStateFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600) //nolint:gosec // G304: the state file the user named, and its lock beside it
	if err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("state file %s is in use by another didiyun-mock", path)
		}
		return nil, fmt.Errorf("state file %s: lock: %w", path, err)
	}
	return f, nil
}
