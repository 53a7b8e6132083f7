package mockserver

import (
	"os"
	"path/filepath"
	"runtime"
)

var isWindows = runtime.GOOS == "windows"

// syncDir makes a rename durable. Windows cannot open a directory for
// syncing; its renames are durable once done.
func syncDir(path string) error {
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		if isWindows {
			return nil
		}
		return err
	}
	defer func() { _ = dir.Close() }() // opened for reading only
	if err := dir.Sync(); err != nil && !isWindows {
		return err
	}
	return nil
}
