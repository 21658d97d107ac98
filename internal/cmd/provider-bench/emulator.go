package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// emulatorSettings are what a scenario chooses of the emulator.
type emulatorSettings struct {
	latency time.Duration
	// rateLimit is requests per minute for all clients on loopback
	// together; 0 is no limit.
	rateLimit int
}

// server is one emulator serving on a free loopback port in this process,
// so its work never counts as Terraform's or the provider's.
type server struct {
	*emulator.Emulator
	http   *http.Server
	apiURL string
}

// startEmulator starts a fresh emulator. Its clock starts 0.1 s into a clock
// minute, so that the rate limit's first fixed window is whole however the
// scenario's start falls on the wall clock, and a limited run is measured
// against whole windows without waiting for the next minute.
func startEmulator(s emulatorSettings) (*server, error) {
	start := time.Now()
	origin := start.Truncate(time.Minute).Add(100 * time.Millisecond)
	emu, err := emulator.New(emulator.Options{
		RateLimit: s.rateLimit,
		Latency:   s.latency,
		Clock:     func() time.Time { return origin.Add(time.Since(start)) },
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &server{
		Emulator: emu,
		http:     &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second},
		apiURL:   "http://" + ln.Addr().String() + "/v2.1",
	}
	go func() {
		if err := srv.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "provider-bench: emulator:", err)
		}
	}()
	return srv, nil
}

// stop closes the server and its connections.
func (s *server) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		_ = s.http.Close()
	}
}
