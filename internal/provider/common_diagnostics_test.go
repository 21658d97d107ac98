package provider

import (
	"context"
	"crypto/x509"
	"fmt"
	"testing"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// TestHostCheckSummaryNamesWhatHappened: only an answer that is not
// UbiOps' says "Not a UbiOps API"; a certificate failure, a timeout and a
// lost connection say what they are.
func TestHostCheckSummaryNamesWhatHappened(t *testing.T) {
	const host = "https://api.example.com/v2.1"
	for want, err := range map[string]error{
		"Not a UbiOps API at " + host:                  &ubiops.HostCheckError{URL: host + "/status", StatusCode: 404},
		"TLS certificate of " + host + " not accepted": fmt.Errorf("GET /status: %w", &ubiops.ConnectError{Host: "api.example.com", Err: x509.UnknownAuthorityError{}}),
		"No answer in time from " + host:               fmt.Errorf("GET /status: %w", context.DeadlineExceeded),
		"Cannot reach the UbiOps API at " + host:       &ubiops.ConnectError{Host: "api.example.com", Err: fmt.Errorf("connection refused")},
	} {
		if got := hostCheckSummary(err, host); got != want {
			t.Errorf("hostCheckSummary(%v) = %q, want %q", err, got, want)
		}
	}
}
