package ubiops

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ParseHost is the one place a host is defaulted and checked: a blank host
// is DefaultHost; any other must be an absolute https URL, or plain http on
// a loopback address (a local emulator), since plain http would send
// credentials in clear text over a network. Its error, a *HostError, says
// why a host is refused and what to use instead.
func ParseHost(host string) (*url.URL, error) {
	if strings.TrimSpace(host) == "" {
		host = DefaultHost
	}
	u, err := url.Parse(strings.TrimRight(host, "/"))
	if err != nil || u.Host == "" {
		return nil, hostError("%q is not an absolute URL. Use the API's base URL, such as %s.", host, DefaultHost)
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		if isLoopback(u.Hostname()) {
			return u, nil
		}
		return nil, hostError("%q uses plain http, which would send the credentials unencrypted. Use https, "+
			"or a loopback address (127.0.0.1, ::1, localhost) for a local emulator.", host)
	default:
		return nil, hostError("%q must start with https:// (or http:// for a loopback address).", host)
	}
}

// HostError says why a host is refused and what to use instead, in whole
// sentences a diagnostic can show as they are.
type HostError struct {
	// Problem is the explanation.
	Problem string
}

// Error returns the explanation.
func (e *HostError) Error() string { return e.Problem }

func hostError(format string, args ...any) error {
	return &HostError{Problem: fmt.Sprintf(format, args...)}
}

func isLoopback(hostname string) bool {
	if strings.EqualFold(hostname, "localhost") {
		return true
	}
	ip := net.ParseIP(hostname)
	return ip != nil && ip.IsLoopback()
}
