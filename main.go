// Command terraform-provider-ubiops serves the UbiOps provider to Terraform.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/ubiops/terraform-provider-ubiops/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	if err := serve(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func serve() error {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if !debug {
		// A debugger's session shows the logs itself, whatever TF_LOG says.
		if err := silenceDiscardedLogs(os.LookupEnv, os.Setenv); err != nil {
			return err
		}
	}
	tuneGC(os.LookupEnv)
	stopProfile, err := startCPUProfile(os.Getenv(envCPUProfile))
	if err != nil {
		return err
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err = tf6server.Serve("registry.terraform.io/ubiops/ubiops", provider.NewServer(version), opts...)
	if stopErr := stopProfile(); err == nil {
		err = stopErr
	}
	return err
}
