package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every "authoring.…" key the template manager's handlers and pages name
// has a message (hence one in each language: tplCatalog loads all four).
// Keys built at run time ("authoring.status." + s) are checked through
// their known values.
func TestTemplateManagerMessagesExist(t *testing.T) {
	t.Parallel()
	cat := tplCatalog(t)
	var files []string
	gos, _ := filepath.Glob("template_*.go")
	for _, f := range gos {
		if !strings.HasSuffix(f, "_test.go") {
			files = append(files, f)
		}
	}
	pages, _ := filepath.Glob("templates/template_*.html")
	files = append(append(files, pages...), "templates/settings.html")
	key := regexp.MustCompile(`"(authoring\.[a-z_.A-Z]+[a-zA-Z])"`) // prefixes end in "." or "_"
	seen := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			seen++
			if !cat.Has(m[1]) {
				t.Errorf("%s: no message for %s", f, m[1])
			}
		}
	}
	if seen < 50 {
		t.Fatalf("found only %d keys; is the pattern right?", seen)
	}
	p := &page{cat: cat, Lang: "en"}
	for _, s := range []string{"draft", "submitted", "pending", "in_appeal", "approved", "rejected", "paused", "disabled"} {
		if !cat.Has("authoring.status." + s) {
			t.Errorf("no name for status %s", s)
		}
	}
	for _, c := range p.TplCategories() {
		if !cat.Has("authoring.category." + c) {
			t.Errorf("no name for category %s", c)
		}
	}
	for _, h := range p.TplHeaderFormats() {
		if !cat.Has("authoring.form.header_"+h) || (h != "TEXT" && !cat.Has("authoring.preview.media_"+h)) {
			t.Errorf("no name for header format %s", h)
		}
	}
	for _, b := range p.TplButtonTypes() {
		if !cat.Has("authoring.form.type_" + b) {
			t.Errorf("no name for button type %s", b)
		}
	}
}
