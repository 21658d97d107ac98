package plugin

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestNewServerAppliesIdentityRules: the server Terraform talks to passes
// the framework's answers through identityRules, and offers list resources.
func TestNewServerAppliesIdentityRules(t *testing.T) {
	t.Parallel()
	server, ok := NewServer(emptyProvider{})().(releasingServer)
	if !ok {
		t.Fatal("NewServer does not serve the provider through releasingServer")
	}
	if _, ok := server.ProviderServer.(identityRules); !ok {
		t.Fatalf("releasingServer wraps %T, want identityRules", server.ProviderServer)
	}
	if _, ok := any(server).(tfprotov6.ListResourceServer); !ok {
		t.Fatal("the server hides the list-resource calls")
	}
}

func TestDropErrorKeepsOtherDiagnostics(t *testing.T) {
	t.Parallel()
	warning := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "Not confirmed"}
	other := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Cannot read"}
	missing := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: missingIdentityAfterCreate}
	kept, dropped := dropError([]*tfprotov6.Diagnostic{warning, missing, other}, missingIdentityAfterCreate)
	if !dropped || len(kept) != 2 || kept[0] != warning || kept[1] != other {
		t.Fatalf("dropError = %v, %v; want the warning and the other error, dropped", kept, dropped)
	}
	if _, dropped := dropError([]*tfprotov6.Diagnostic{warning, other}, missingIdentityAfterCreate); dropped {
		t.Fatal("dropError dropped something that was not there")
	}
}
