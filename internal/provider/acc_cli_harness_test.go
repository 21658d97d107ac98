package provider

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ubiops/terraform-provider-ubiops/internal/plugin"
)

// Some acceptance tests need what terraform-plugin-testing cannot give: a
// provider process that the test kills, or the warnings a person reads in
// Terraform's output. They run the Terraform CLI themselves, in a working
// directory whose CLI configuration points dev_overrides at this test
// binary, which serves the provider when started with envServeProvider set
// (see TestMain) the way main.go does.

const (
	// envServeProvider makes the test binary serve the provider instead of
	// running tests.
	envServeProvider = "UBIOPS_TEST_SERVE_PROVIDER"
	// envProviderPIDFile names the file a serving test binary writes its
	// process id to, so that a test can kill the provider Terraform runs.
	envProviderPIDFile = "UBIOPS_TEST_PROVIDER_PID_FILE"
)

// TestMain serves the provider when Terraform starts this binary as the
// provider, and runs the tests otherwise.
func TestMain(m *testing.M) {
	if os.Getenv(envServeProvider) == "1" {
		if file := os.Getenv(envProviderPIDFile); file != "" {
			if err := appendPID(file); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		if err := plugin.Serve("registry.terraform.io/ubiops/ubiops", New("test")()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// cliWorkspace is a Terraform working directory whose provider is this test
// binary.
type cliWorkspace struct {
	t       *testing.T
	dir     string
	pidFile string
	env     []string
	// terraformPID is the process id of the CLI run last, for killTerraform.
	terraformPID atomic.Int64
}

// newCLIWorkspace prepares a working directory and a CLI configuration
// whose dev_overrides (for Terraform's and OpenTofu's provider addresses)
// run this test binary as the ubiops provider.
func newCLIWorkspace(t *testing.T) *cliWorkspace {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	plugins := filepath.Join(root, "plugins")
	dir := filepath.Join(root, "work")
	for _, d := range []string{plugins, dir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(self, filepath.Join(plugins, "terraform-provider-ubiops")); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(root, "cli.tfrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/ubiops/ubiops\" = %q\n"+
		"    \"registry.opentofu.org/ubiops/ubiops\" = %q\n  }\n  direct {}\n}\n", plugins, plugins)
	if err := os.WriteFile(rc, []byte(overrides), 0o600); err != nil {
		t.Fatal(err)
	}
	w := &cliWorkspace{t: t, dir: dir, pidFile: filepath.Join(root, "provider.pid")}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") && !strings.HasPrefix(kv, "UBIOPS_") && !strings.HasPrefix(kv, "TF_LOG") {
			w.env = append(w.env, kv)
		}
	}
	w.env = append(w.env, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		envServeProvider+"=1", envProviderPIDFile+"="+w.pidFile)
	return w
}

// terraformPath is the CLI the acceptance tests use: TF_ACC_TERRAFORM_PATH,
// as for terraform-plugin-testing, or terraform on PATH.
func terraformPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
	}
	return p
}

// write replaces the configuration, which uses the ubiops/ubiops provider.
func (w *cliWorkspace) write(config string) {
	w.t.Helper()
	config = "terraform {\n  required_providers {\n    ubiops = { source = \"ubiops/ubiops\" }\n  }\n}\n\n" + config
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// run runs the CLI with args (-no-color and -input=false are added to plan
// and apply, after the subcommand) and returns its combined output and exit code.
func (w *cliWorkspace) run(args ...string) (string, int) {
	w.t.Helper()
	if args[0] == "plan" || args[0] == "apply" {
		// Options go before any plan file, which must come last.
		args = append([]string{args[0], "-no-color", "-input=false"}, args[1:]...)
	}
	// The list of provider processes names those of this command alone, so
	// that a kill never reaches a process id an ended provider left behind.
	if err := os.Remove(w.pidFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		w.t.Fatal(err)
	}
	cmd := exec.Command(terraformPath(w.t), args...)
	cmd.Dir, cmd.Env = w.dir, w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Start()
	if err == nil {
		w.terraformPID.Store(int64(cmd.Process.Pid))
		err = cmd.Wait()
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	w.t.Fatalf("running terraform %s: %v\n%s", strings.Join(args, " "), err, out.String())
	return "", -1
}

// mustRun runs the CLI and fails the test unless it exits with code 0.
func (w *cliWorkspace) mustRun(args ...string) string {
	w.t.Helper()
	out, code := w.run(args...)
	if code != 0 {
		w.t.Fatalf("terraform %s exited with %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// stateAddresses lists the resources in the state, as `terraform state
// list` prints them: none when an apply was killed before it wrote a state
// (the local backend may leave an empty file, which `state list` refuses).
func (w *cliWorkspace) stateAddresses() []string {
	w.t.Helper()
	if info, err := os.Stat(filepath.Join(w.dir, "terraform.tfstate")); errors.Is(err, os.ErrNotExist) || err == nil && info.Size() == 0 {
		return nil
	}
	out := w.mustRun("state", "list")
	var addresses []string
	for _, line := range strings.Split(out, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "Warning") && strings.HasPrefix(line, "ubiops_") {
			addresses = append(addresses, line)
		}
	}
	return addresses
}

// killProvider kills, with SIGKILL, every provider process the CLI command
// run last started, as a CI runner's timeout or the kernel's OOM killer
// would. Terraform may start more than one during a command (one per
// graph walk, and sometimes one while another still runs), so killing
// only the one started last could spare the one doing the work. It returns
// os.ErrProcessDone when every one had ended already.
func (w *cliWorkspace) killProvider() error {
	raw, err := os.ReadFile(w.pidFile)
	if err != nil {
		return err
	}
	result := os.ErrProcessDone
	for _, field := range strings.Fields(string(raw)) {
		pid, err := strconv.Atoi(field)
		if err != nil {
			return err
		}
		switch err := killProcess(pid); {
		case err == nil:
			result = nil
		case !errors.Is(err, os.ErrProcessDone):
			return err
		}
	}
	return result
}

// appendPID adds this process's id to the file that lists the provider
// processes of the current CLI command.
func appendPID(file string) error {
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, os.Getpid()); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// killTerraform kills the CLI process started last with SIGKILL, as a CI
// runner's timeout or the kernel's OOM killer would. The provider it started
// is not killed with it.
func (w *cliWorkspace) killTerraform() error {
	pid := w.terraformPID.Load()
	if pid == 0 {
		return errors.New("no terraform process was started")
	}
	return killProcess(int(pid))
}

// expectOutput fails the test unless Terraform's output holds phrase
// (wrapped at any space).
func expectOutput(t *testing.T, out, phrase string) {
	t.Helper()
	if !wrapped(phrase).MatchString(out) {
		t.Errorf("terraform's output lacks %q:\n%s", phrase, out)
	}
}

// killProcess kills process pid at once, with no chance to clean up:
// SIGKILL on Unix, TerminateProcess on Windows. A process that has ended
// already gives os.ErrProcessDone.
func killProcess(pid int) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	return p.Kill()
}
