package plugin

import (
	"maps"
	"testing"
)

func TestSilenceDiscardedLogs(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{{
		name: "Terraform discards provider logs",
		env:  map[string]string{},
		want: map[string]string{"TF_LOG_PROVIDER_UBIOPS": "OFF", "TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF"},
	}, {
		name: "an explicit level is kept",
		env:  map[string]string{"TF_LOG_SDK_FRAMEWORK": "DEBUG"},
		want: map[string]string{"TF_LOG_PROVIDER_UBIOPS": "OFF", "TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "DEBUG"},
	}, {
		name: "TF_LOG keeps everything",
		env:  map[string]string{"TF_LOG": "trace"},
		want: map[string]string{"TF_LOG": "trace"},
	}, {
		name: "TF_LOG_PROVIDER keeps everything",
		env:  map[string]string{"TF_LOG_PROVIDER": "debug"},
		want: map[string]string{"TF_LOG_PROVIDER": "debug"},
	}, {
		name: "an empty TF_LOG is no switch",
		env:  map[string]string{"TF_LOG": ""},
		want: map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER_UBIOPS": "OFF", "TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := maps.Clone(c.env)
			lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
			set := func(k, v string) error { env[k] = v; return nil }
			if err := silenceDiscardedLogs(lookup, set); err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(env, c.want) {
				t.Fatalf("environment = %v, want %v", env, c.want)
			}
		})
	}
}
