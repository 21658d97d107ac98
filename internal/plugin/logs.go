package plugin

// Terraform shows a provider's log lines only when TF_LOG_PROVIDER or TF_LOG
// is set; otherwise it reads and drops them. The plugin SDK logs every call
// at TRACE unless told a level, so by default the provider spent about a
// third of its CPU time writing JSON lines that Terraform then parsed and
// threw away (BENCHMARKS.md).
var (
	// logSwitches say that Terraform keeps provider logs.
	logSwitches = []string{"TF_LOG", "TF_LOG_PROVIDER"}
	// logLevels are the levels of the provider's own logger and of the
	// SDK's loggers (root, protocol, framework).
	logLevels = []string{"TF_LOG_PROVIDER_UBIOPS", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}
)

// silenceDiscardedLogs turns the provider's logs off when Terraform would
// discard them: neither TF_LOG nor TF_LOG_PROVIDER is set (the provider
// inherits Terraform's environment). A level set explicitly is kept.
// Panics are unaffected: they are not log lines, and Terraform reports them
// whatever the level.
func silenceDiscardedLogs(lookup func(string) (string, bool), set func(string, string) error) error {
	for _, name := range logSwitches {
		if v, ok := lookup(name); ok && v != "" {
			return nil
		}
	}
	for _, name := range logLevels {
		if _, ok := lookup(name); ok {
			continue
		}
		if err := set(name, "OFF"); err != nil {
			return err
		}
	}
	return nil
}
