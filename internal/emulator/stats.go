package emulator

import (
	"maps"
	"sync"
)

// Stats counts the API requests the emulator received.
type Stats struct {
	// Total is the number of API requests, whatever their answer.
	Total int `json:"total"`
	// Routes counts requests per "METHOD pattern", the pattern written as the
	// API documentation writes it, e.g. "GET /organizations/{organization_name}".
	// Requests that match no route count under "METHOD path".
	Routes map[string]int `json:"routes"`
	// Faults is the number of injected faults.
	Faults int `json:"faults"`
	// RateLimited is the number of requests answered with 429.
	RateLimited int `json:"rate_limited"`
}

// Count returns the number of requests to route, e.g.
// s.Count("POST /organizations/{organization_name}/users").
func (s Stats) Count(route string) int { return s.Routes[route] }

// statsCounter is the concurrency-safe holder of Stats.
type statsCounter struct {
	mu sync.Mutex
	s  Stats
}

func newStatsCounter() *statsCounter {
	return &statsCounter{s: Stats{Routes: map[string]int{}}}
}

func (c *statsCounter) request(route string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Total++
	c.s.Routes[route]++
}

func (c *statsCounter) fault() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Faults++
}

func (c *statsCounter) rateLimited() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.RateLimited++
}

func (c *statsCounter) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.s
	s.Routes = maps.Clone(c.s.Routes)
	return s
}

func (c *statsCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s = Stats{Routes: map[string]int{}}
}

// Stats returns a snapshot of the request counters.
func (e *Emulator) Stats() Stats { return e.stats.snapshot() }

// ResetStats zeroes the request counters.
func (e *Emulator) ResetStats() { e.stats.reset() }
