package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentClients runs clients in parallel over real HTTP; run with
// -race to check the single lock covers everything.
func TestConcurrentClients(t *testing.T) {
	s, ts := NewTestServer(Options{JobDuration: -1})
	defer ts.Close()
	s.SetFaults(FaultRule{Kind: FaultErrno, Probability: 0.1})

	post := func(path, body string) (errno int, data json.RawMessage, err error) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+s.Token())
		req.Header.Set("Content-Type", "application/json")
		resp, err := ts.Client().Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		var env struct {
			Errno int             `json:"errno"`
			Data  json.RawMessage `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		return env.Errno, env.Data, err
	}

	const workers, perWorker = 4, 15
	var wg sync.WaitGroup
	var mu sync.Mutex
	imported := 0
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				errno, _, err := post(pathImport, fmt.Sprintf(`{"regionId":"gz","cimg":{"name":"w%d-%d","originImageUuid":"%s","originRegionId":"bj"}}`, w, i, SeedImageBJ))
				if err != nil {
					t.Error(err)
					return
				}
				if errno == 0 {
					mu.Lock()
					imported++
					mu.Unlock()
				}
				if _, _, err := post(pathList, `{"regionId":"gz","limit":100}`); err != nil {
					t.Error(err)
					return
				}
				_ = s.Images("gz")
			}
		}()
	}
	wg.Wait()
	if got := len(s.Images("gz")); got != 4+imported {
		t.Errorf("gz has %d images, want %d", got, 4+imported)
	}
	if got := s.Count(EndpointImportCIMG) + s.Count(EndpointListCIMG); got != 2*workers*perWorker {
		t.Errorf("counted %d requests, want %d", got, 2*workers*perWorker)
	}
}
