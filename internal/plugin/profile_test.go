package plugin

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestCPUProfileSwitch(t *testing.T) {
	dir := t.TempDir()
	stop, err := startCPUProfile("")
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(dir, "cpu.pprof")
	stop, err = startCPUProfile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file + "." + strconv.Itoa(os.Getpid()))
	if err != nil {
		t.Fatalf("no profile named after the process: %v", err)
	}
	// pprof files are gzip-compressed protocol buffers.
	if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		t.Fatalf("not a pprof file: % x", data[:min(len(data), 8)])
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files written: %v", entries)
	}

	if _, err := startCPUProfile(filepath.Join(dir, "missing", "cpu.pprof")); err == nil {
		t.Fatal("an unwritable profile path was accepted")
	}
}
