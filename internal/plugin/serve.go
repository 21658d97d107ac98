package plugin

import (
	"flag"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve serves p to Terraform under address until Terraform stops it. It
// reads the -debug flag, silences the logs Terraform would discard, tunes
// the garbage collector and, when asked, writes a CPU profile.
func Serve(address string, p provider.Provider) error {
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
	err = tf6server.Serve(address, NewServer(p), opts...)
	if stopErr := stopProfile(); err == nil {
		err = stopErr
	}
	return err
}
