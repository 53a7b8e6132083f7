package mockserver

import "fmt"

// writeFailed records the first failed write to the state file or journal
// and tells OnWriteError; from then on every API request answers errno 2.
func (s *Server) writeFailed(err error) {
	s.failOnce.Do(func() {
		s.failure.Store(&err)
		if s.opts.OnWriteError != nil {
			s.opts.OnWriteError(err)
		}
	})
}

// writeFailure is the first failed write, if any.
func (s *Server) writeFailure() error {
	if p := s.failure.Load(); p != nil {
		return *p
	}
	return nil
}

// StateFileSummary says what opening the state file found, for the
// command's banner: "new", or what it loaded. "" without a state file.
func (s *Server) StateFileSummary() string {
	created, accounts, images, running, ok := s.cloud.StateFile()
	switch {
	case !ok:
		return ""
	case created:
		return "new"
	}
	return fmt.Sprintf("loaded %s, %s, %s running", count(accounts, "account"), count(images, "image"), count(running, "job"))
}

// count says "1 image" or "2 images".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
