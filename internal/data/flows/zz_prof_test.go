package flows

import (
	"io"
	"os"
	"testing"
)

func TestZZProf(t *testing.T) {
	if os.Getenv("ZZPROF") == "" {
		t.Skip()
	}
	if err := RunCommand([]string{"--stock-start", "/tmp/gen/s0_3000.csv", "--stock-end", "/tmp/gen/s1_3000.csv", "--out", "/tmp/gen/out3.csv"}, io.Discard, os.Stderr); err != nil {
		t.Fatal(err)
	}
}
