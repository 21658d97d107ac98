package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// emulatorFlags are the emulator settings a scenario chooses.
type emulatorFlags struct {
	latency   time.Duration
	rateLimit int // requests per minute; 0 is no limit
}

// emulator is one running ubiops-emulator process.
type emulator struct {
	cmd *exec.Cmd
	// apiURL is the API base, ending in /v2.1.
	apiURL string
	// baseURL is the server root, where /__emulator/ lives.
	baseURL string
	stderr  *strings.Builder
}

// emulatorStats mirrors the emulator's GET /__emulator/stats answer.
type emulatorStats struct {
	Total       int            `json:"total"`
	Routes      map[string]int `json:"routes"`
	Faults      int            `json:"faults"`
	RateLimited int            `json:"rate_limited"`
}

// startEmulator starts the emulator on a free loopback port and waits for
// the line announcing its address.
func startEmulator(ctx context.Context, bin string, f emulatorFlags) (*emulator, error) {
	cmd := exec.CommandContext(ctx, bin,
		"-listen", "127.0.0.1:0",
		"-latency", f.latency.String(),
		"-rate-limit", strconv.Itoa(f.rateLimit))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	e := &emulator{cmd: cmd, stderr: &strings.Builder{}}
	cmd.Stderr = e.stderr
	// Stop it gently when ctx ends, so it is never left behind.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, url, ok := strings.Cut(sc.Text(), "listening on "); ok {
				found <- strings.TrimSpace(url)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case url := <-found:
		e.apiURL = url
		e.baseURL = strings.TrimSuffix(url, "/v2.1")
		return e, nil
	case <-time.After(30 * time.Second):
		e.stop()
		return nil, fmt.Errorf("the emulator did not announce its address: %s", e.stderr)
	}
}

// stop ends the emulator and waits for it.
func (e *emulator) stop() {
	if e.cmd.Process != nil {
		_ = e.cmd.Process.Signal(syscall.SIGTERM)
	}
	done := make(chan struct{})
	go func() { _ = e.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = e.cmd.Process.Signal(os.Kill)
		<-done
	}
}

// resetStats zeroes the emulator's request counters.
func (e *emulator) resetStats(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.baseURL+"/__emulator/stats/reset", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	// Only the status (and the JSON read below) matter; a failed Close of the
	// body cannot change the outcome.
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("resetting stats: %s", resp.Status)
	}
	return nil
}

// stats reads the emulator's request counters.
func (e *emulator) stats(ctx context.Context) (emulatorStats, error) {
	var s emulatorStats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.baseURL+"/__emulator/stats", nil)
	if err != nil {
		return s, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return s, err
	}
	// Only the status (and the JSON read below) matter; a failed Close of the
	// body cannot change the outcome.
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("reading stats: %s", resp.Status)
	}
	return s, json.NewDecoder(resp.Body).Decode(&s)
}
