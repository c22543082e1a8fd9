package template

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"waba-transport/internal/locale"
)

func TestEveryKeyHasMessagesInAllLanguages(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err) // also fails when a key is missing in one language
	}
	known := map[string]bool{}
	for _, k := range allKeys {
		known[k] = true
		if !cat.Has(k) {
			t.Errorf("no message for %s", k)
		}
	}
	// The area files hold no stale keys that Validate can no longer return.
	for _, lang := range locale.Supported {
		data, err := os.ReadFile(filepath.Join("..", "locale", "messages", "template."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(data, &msgs); err != nil {
			t.Fatalf("template.%s.json: %v", lang, err)
		}
		for k := range msgs {
			if !known[k] {
				t.Errorf("template.%s.json: key %s is not used by Validate", lang, k)
			}
		}
		if len(msgs) != len(allKeys) {
			t.Errorf("template.%s.json has %d keys, want %d", lang, len(msgs), len(allKeys))
		}
	}
}

func TestCorpusUsesOnlyKnownKeysAndCoversAll(t *testing.T) {
	t.Parallel()
	used := map[string]bool{}
	for name, d := range corpus() {
		for _, is := range Validate(d) {
			used[is.Key] = true
			if !strings.HasPrefix(is.Key, "template.") {
				t.Errorf("%s: key %q outside the template area", name, is.Key)
			}
		}
	}
	for _, k := range allKeys {
		if !used[k] {
			t.Errorf("no corpus draft produces %s", k)
		}
		delete(used, k)
	}
	for k := range used {
		t.Errorf("Validate returned %s, which is not in allKeys", k)
	}
}

// TestMessagesRender fills every message with the arguments Validate really
// gives, in every language: a template error or a missing argument shows.
func TestMessagesRender(t *testing.T) {
	t.Parallel()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range corpus() {
		for _, is := range Validate(d) {
			for _, lang := range locale.Supported {
				msg := cat.T(lang, is.Key, is.Args)
				if msg == is.Key || strings.Contains(msg, "<no value>") || strings.Contains(msg, "{{.") {
					t.Errorf("%s %s %s: bad rendering %q (args %v)", name, lang, is.Key, msg, is.Args)
				}
			}
		}
	}
	// Literal placeholders survive text/template escaping.
	got := cat.T("ru", keyVarSequence, map[string]any{"Missing": "{{2}}"})
	if want := "{{1}}, {{2}}, {{3}}… без пропусков: не хватает {{2}}"; !strings.Contains(got, want) {
		t.Errorf("ru sequence = %q, want it to contain %q", got, want)
	}
	got = cat.T("en", keyNameChars, map[string]any{"Chars": "'-'", "Suggestion": ""})
	if strings.Contains(got, "For example") {
		t.Errorf("en name.chars without suggestion = %q", got)
	}
}
