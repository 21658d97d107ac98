// Command ubiops-emulator serves a local UbiOps Organizations API (v2.1) for
// trying the provider and running its tests offline.
//
// Once it accepts connections it prints "ubiops-emulator listening on <base
// URL>", then how to sign in, and it stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "ubiops-emulator:", err)
		os.Exit(1)
	}
}

// config is what the flags select.
type config struct {
	listen    string
	seed      string
	latency   time.Duration
	rateLimit int
	userLimit int
	window    time.Duration
	accessTTL time.Duration
	faultRate float64
	faultSeed uint64
	verbose   bool
}

// parseFlags reads the command line. Asked for help (-h), it writes the
// usage to stdout and returns flag.ErrHelp, which is not a failure.
func parseFlags(args []string, stdout io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("ubiops-emulator", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned; usage is printed only on -h
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8750", "address to listen on (port 0 picks a free port)")
	fs.StringVar(&c.seed, "seed", "", "JSON seed file with users and organizations (default: "+emulator.DefaultEmail+" and a service user)")
	fs.DurationVar(&c.accessTTL, "access-token-ttl", emulator.DefaultAccessTokenTTL, "how long an access token from signing in lasts")
	fs.DurationVar(&c.latency, "latency", 0, "delay added to every API response")
	fs.IntVar(&c.rateLimit, "rate-limit", emulator.DefaultRateLimit, "general-group API requests per client IP per window (0: no limit)")
	fs.IntVar(&c.userLimit, "rate-limit-user", emulator.DefaultRateLimitUser,
		"user-group requests (/authorize, /oauth/..., /user) per client IP per window, counted apart (0: no limit)")
	fs.DurationVar(&c.window, "rate-limit-window", time.Minute, "length of both groups' fixed windows")
	fs.Float64Var(&c.faultRate, "fault-rate", 0, "share of API requests that fail on purpose, in [0, 1]")
	fs.Uint64Var(&c.faultSeed, "fault-seed", 1, "seed of the fault injector, for repeatable faults")
	fs.BoolVar(&c.verbose, "v", false, "log every API request to stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			_, _ = fmt.Fprintln(stdout, "Usage: ubiops-emulator [flags]\n\nServes a local UbiOps Organizations API (v2.1).\n\nFlags:")
			fs.PrintDefaults()
			return c, err
		}
		return c, fmt.Errorf("%w (-h lists the flags)", err)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, nil
}

// options turns the flags into emulator options, reading the seed file.
func (c config) options() (emulator.Options, error) {
	opts := emulator.Options{RateLimit: c.rateLimit, RateLimitUser: c.userLimit, RateLimitWindow: c.window, AccessTokenTTL: c.accessTTL, Latency: c.latency, FaultRate: c.faultRate, RandSeed: c.faultSeed}
	if c.seed != "" {
		seed, err := emulator.LoadSeed(c.seed)
		if err != nil {
			return opts, err
		}
		opts.Seed = seed
	}
	if c.verbose {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return opts, nil
}

// signInHelp tells how to sign in. It names the default seed's credentials,
// which are public; a seed file's are the user's own and are never printed.
func signInHelp(seeded bool) string {
	if seeded {
		return `Sign in: POST /v2.1/oauth/sign-in {"email": ...} answers {"provider": ..., "url": ...}; for provider "ubiops",` +
			` POST /v2.1/authorize {"email": ..., "password": ..., "token": <TOTP code, two-factor accounts only>}` +
			` answers {"access": ...}; send it as "Authorization: Bearer <access>".` + "\n" +
			`A person's "token" in the seed is a pre-issued access token, sent the same way; single-sign-on` +
			` accounts ("sign_in_provider") have no password and use only that.` + "\n" +
			`Service users ("service": true) send "Authorization: Token <token>" and cannot manage organizations.` + "\n"
	}
	return fmt.Sprintf(`Sign in as %[1]s: POST /v2.1/authorize {"email": %[1]q, "password": %[2]q}`+
		` answers {"access": ...}; send it as "Authorization: Bearer <access>".`+"\n"+
		`Or send "Authorization: Bearer %[3]s" (pre-issued, never expires; an emulator convenience).`+"\n"+
		`Service user %[4]s: "Authorization: Token %[5]s" (cannot manage organizations).`+"\n",
		emulator.DefaultEmail, emulator.DefaultPassword, emulator.DefaultAccessToken,
		emulator.DefaultServiceEmail, emulator.DefaultServiceToken)
}

// run serves until ctx ends, announcing the base URL on stdout. With -h it
// prints the usage and returns flag.ErrHelp at once.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	c, err := parseFlags(args, stdout)
	if err != nil {
		return err
	}
	opts, err := c.options()
	if err != nil {
		return err
	}
	emu, err := emulator.New(opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	if _, err := fmt.Fprintf(stdout, "ubiops-emulator listening on http://%s/v2.1\n%s", ln.Addr(), signInHelp(c.seed != "")); err != nil {
		_ = ln.Close()
		return err
	}
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync() // scripts wait for this line; don't leave it in a buffer
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
