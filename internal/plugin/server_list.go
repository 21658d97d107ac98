package plugin

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// releasingServer passes the list-resource calls (`terraform query`) on to
// the server it wraps. tf6server finds list support by asserting the
// server's type, which the wrapper would otherwise hide. They pass on
// unchanged: a list answer is streamed after the call returns, so its
// context must not be released early.
var _ tfprotov6.ListResourceServer = releasingServer{}

// errNoListResources answers list calls when the wrapped server has none.
var errNoListResources = errors.New("this provider server has no list resources")

// ValidateListResourceConfig passes the call on.
func (s releasingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	lists, ok := s.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, errNoListResources
	}
	return lists.ValidateListResourceConfig(ctx, req)
}

// ListResource passes the call on.
func (s releasingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	lists, ok := s.ProviderServer.(tfprotov6.ListResourceServer)
	if !ok {
		return nil, errNoListResources
	}
	return lists.ListResource(ctx, req)
}
