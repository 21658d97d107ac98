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
// credentials in clear text over a network. Its error says why a host is
// refused and what to use instead.
func ParseHost(host string) (*url.URL, error) {
	if strings.TrimSpace(host) == "" {
		host = DefaultHost
	}
	u, err := url.Parse(strings.TrimRight(host, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute URL. Use the API's base URL, such as %s.", host, DefaultHost)
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		if isLoopback(u.Hostname()) {
			return u, nil
		}
		return nil, fmt.Errorf("%q uses plain http, which would send the credentials unencrypted. Use https, "+
			"or a loopback address (127.0.0.1, ::1, localhost) for a local emulator.", host)
	default:
		return nil, fmt.Errorf("%q must start with https:// (or http:// for a loopback address).", host)
	}
}

func isLoopback(hostname string) bool {
	if strings.EqualFold(hostname, "localhost") {
		return true
	}
	ip := net.ParseIP(hostname)
	return ip != nil && ip.IsLoopback()
}
