package template

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
)

// TestToMGGolden maps each testdata/mgmap/NAME.360.json (a list of templates
// as 360dialog lists them) and compares the MessageGateway templates, as
// sent on the wire, with NAME.mg.json. Run with -update to rewrite.
func TestToMGGolden(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob(filepath.Join("testdata", "mgmap", "*.360.json"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".360.json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var ts []dialog360.Template
			if err := json.Unmarshal(raw, &ts); err != nil {
				t.Fatal(err)
			}
			type mapped struct {
				OK       bool         `json:"ok"`
				Template *mg.Template `json:"template,omitempty"`
			}
			var got []mapped
			for _, tpl := range ts {
				m, ok := ToMG(tpl)
				r := mapped{OK: ok}
				if ok {
					r.Template = &m
				}
				got = append(got, r)
			}
			compareGolden(t, filepath.Join("testdata", "mgmap", name+".mg.json"), got)
		})
	}
}

// compareGolden compares v, as JSON, with the file at path (parsed, not
// byte by byte), or rewrites the file with -update.
func compareGolden(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
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
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func TestCodeRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, lang string }{{"order_ready", "es"}, {"spring_sale_2", "pt_BR"}, {"x", "prs_AF"}} {
		code := Code(c.name, c.lang)
		name, lang, ok := ParseCode(code)
		if !ok || name != c.name || lang != c.lang {
			t.Errorf("ParseCode(%q) = %q, %q, %v", code, name, lang, ok)
		}
	}
	for _, code := range []string{"", "order_ready", "order_ready.", ".es", "Order_Ready.es", "order ready.es",
		"order_ready.espanol", "order_ready.es-ES", "order_ready.es_ESP", "a.b.es",
		strings.Repeat("a", MaxCode-2) + ".es"} {
		if name, lang, ok := ParseCode(code); ok {
			t.Errorf("ParseCode(%q) = %q, %q, ok; want rejected", code, name, lang)
		}
	}
}

// TestSlotsOf: what a send needs matches the variables ToMG numbered, so
// the chat's n-th value is put back under the right name and button.
func TestSlotsOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		comp string
		want Slots
	}{
		{"text", `[{"type":"BODY","text":"Hola {{1}}, pedido {{2}}; {{1}}"},{"type":"FOOTER","text":"x"}]`,
			Slots{Body: []string{"1", "2"}, BodyOccurrences: []string{"1", "2", "1"}}},
		{"out of order", `[{"type":"BODY","text":"Order {{2}} for {{1}}"}]`,
			Slots{Body: []string{"1", "2"}, BodyOccurrences: []string{"2", "1"}}},
		{"named", `[{"type":"HEADER","format":"TEXT","text":"Hi {{first_name}}"},
			{"type":"BODY","text":"Dear {{first_name}}, order {{order_id}} ships {{date}}"}]`,
			Slots{Header: "text", HeaderVars: []string{"first_name"}, Body: []string{"first_name", "order_id", "date"},
				BodyOccurrences: []string{"first_name", "order_id", "date"}, Named: true}},
		{"media header", `[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Hello"}]`,
			Slots{Header: "image"}},
		{"buttons", `[{"type":"BODY","text":"Hello"},{"type":"BUTTONS","buttons":[
			{"type":"QUICK_REPLY","text":"Yes"},
			{"type":"URL","text":"Track","url":"https://s.example/t/{{1}}","example":["https://s.example/t/1"]},
			{"type":"URL","text":"Shop","url":"https://s.example"},
			{"type":"PHONE_NUMBER","text":"Call","phone_number":"+34911222333"},
			{"type":"COPY_CODE","example":"WINTER25"}]}]`,
			Slots{Buttons: []ButtonSlot{{Type: ButtonQuickReply}, {Type: ButtonURL, Vars: 1}, {Type: ButtonURL},
				{Type: ButtonPhone}, {Type: ButtonCopyCode, Vars: 1, Example: "WINTER25"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var comps []dialog360.Component
			if err := json.Unmarshal([]byte(tc.comp), &comps); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, SlotsOf(comps)); diff != "" {
				t.Errorf("SlotsOf (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMGStatus(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"approved": "approved", "APPROVED": "approved", "submitted": "pending", "PENDING": "pending",
		"in_appeal": "pending", "rejected": "rejected", "PAUSED": "paused", "disabled": "disabled",
		"deleted": "", "PENDING_DELETION": "", "": "",
	} {
		if got := MGStatus(in); got != want {
			t.Errorf("MGStatus(%q) = %q, want %q", in, got, want)
		}
	}
}
