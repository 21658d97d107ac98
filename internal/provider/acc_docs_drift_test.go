package provider

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The list resources' documentation and the identity attributes in the
// resources' import sections are written by hand in templates/: tfplugindocs
// renders them from a Terraform 1.14+ schema only, and docs/ must be the
// same whichever Terraform generates it. These tests keep them in step with
// the schemas.

// TestListResourceDocsNameEveryConfigAttribute: each list resource's page
// lists its config attributes, or says it takes none.
func TestListResourceDocsNameEveryConfigAttribute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, newList := range (&UbiOpsProvider{}).ListResources(ctx) {
		lr := newList()
		var meta resource.MetadataResponse
		lr.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "ubiops"}, &meta)
		var schema list.ListResourceSchemaResponse
		lr.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &schema)
		page := readTemplate(t, "list-resources", meta.TypeName)
		names := sortedKeys(schema.Schema.GetAttributes())
		if len(names) == 0 && !strings.Contains(page, "takes no arguments") {
			t.Errorf("%s: the page does not say that the config block takes no arguments", meta.TypeName)
		}
		for _, name := range names {
			if !strings.Contains(page, "- `"+name+"` (") {
				t.Errorf("%s: the page does not describe config attribute %s", meta.TypeName, name)
			}
		}
		if !strings.Contains(page, "tffile \"examples/list-resources/"+meta.TypeName+"/list-resource.tfquery.hcl\"") {
			t.Errorf("%s: the page does not show its example", meta.TypeName)
		}
	}
}

// TestResourceDocsNameEveryIdentityAttribute: each resource's page lists its
// identity attributes.
func TestResourceDocsNameEveryIdentityAttribute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, newResource := range (&UbiOpsProvider{}).Resources(ctx) {
		r, ok := newResource().(resource.ResourceWithIdentity)
		if !ok {
			continue
		}
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "ubiops"}, &meta)
		var identity resource.IdentitySchemaResponse
		r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identity)
		page := readTemplate(t, "resources", meta.TypeName)
		for _, name := range sortedKeys(identity.IdentitySchema.GetAttributes()) {
			if !strings.Contains(page, "- `"+name+"`: ") {
				t.Errorf("%s: the import section does not describe identity attribute %s", meta.TypeName, name)
			}
		}
	}
}

// readTemplate reads templates/KIND/<type name without "ubiops_">.md.tmpl.
func readTemplate(t *testing.T, kind, typeName string) string {
	t.Helper()
	path := filepath.Join("..", "..", "templates", kind, strings.TrimPrefix(typeName, "ubiops_")+".md.tmpl")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s has no hand-written page: %v", typeName, err)
	}
	return string(raw)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
