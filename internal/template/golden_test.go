package template

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/locale"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// TestGoldenIssues records, per corpus draft, the issues a caller of the JSON
// API sees, with the English message, so wording and Args changes show in
// review. Run with -update to rewrite.
func TestGoldenIssues(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	type shown struct {
		Issue
		Message string `json:"message_en"`
	}
	got := map[string][]shown{}
	for name, d := range corpus() {
		for _, is := range Validate(d) {
			got[name] = append(got[name], shown{is, cat.T("en", is.Key, is.Args)})
		}
	}
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "issues.golden.json")
	if *update {
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantData, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	var want, have any
	if err := json.Unmarshal(wantData, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &have); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, have); diff != "" {
		t.Errorf("issues differ from %s (-want +got):\n%s", path, diff)
	}
}
