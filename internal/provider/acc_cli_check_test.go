package provider

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// testCLIIsOpenTofu reports whether the CLI that terraform-plugin-testing
// runs (TF_ACC_TERRAFORM_PATH, else terraform on PATH) is OpenTofu, whose
// version numbers do not say what Terraform features it has.
var testCLIIsOpenTofu = sync.OnceValue(func() bool {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	out, err := exec.Command(cli, "version").Output()
	return err == nil && strings.Contains(string(out), "OpenTofu")
})

// skipOnOpenTofu skips a test when the CLI is OpenTofu, which lacks what
// the test needs (missing says what).
func skipOnOpenTofu(missing string) tfversion.TerraformVersionCheck { return openTofuCheck(missing) }

type openTofuCheck string

func (missing openTofuCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if testCLIIsOpenTofu() {
		resp.Skip = "OpenTofu has no " + string(missing)
	}
}
