// Command terraform-provider-ubiops serves the UbiOps provider to Terraform.
package main

import (
	"fmt"
	"os"

	"github.com/ubiops/terraform-provider-ubiops/internal/plugin"
	"github.com/ubiops/terraform-provider-ubiops/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	if err := plugin.Serve("registry.terraform.io/ubiops/ubiops", provider.New(version)()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
