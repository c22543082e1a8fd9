package template

import (
	"strings"
	"testing"
)

// FuzzValidate feeds arbitrary body text (also used as header, footer and
// URL) through Validate and checks that it never panics and that Variables
// reports positions that really hold what it says.
func FuzzValidate(f *testing.F) {
	for _, s := range []string{
		"", "Hello {{1}}", "{{", "}}", "{{{1}}}", "{{ 1 }}", "{{1}", "{{a b}}", "{{0}}", "{{99999}}",
		"Hi {{first_name}} {{1}}", "a\n{{1}}\t{{2}}", "ñ{{ñ}}", "\xff{{1}}\xfe", strings.Repeat("{", 50),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := validMedia()
		d.Body.Text = text
		d.Header.Text = text
		d.Footer = text
		d.Buttons[0].URL = text
		Validate(d)
		d.ParameterFormat = FormatNamed
		Validate(d)
		b := validBasic()
		b.Body.Text = text
		Validate(b)

		vars, bad := Variables(text)
		prev := 0
		for _, v := range vars {
			if v.Start < prev || text[v.Start:v.End] != v.String() {
				t.Fatalf("variable %+v does not match text %q", v, text)
			}
			prev = v.End
		}
		for _, m := range bad {
			if m.Start < 0 || m.End > len(text) || text[m.Start:m.End] != m.Text {
				t.Fatalf("malformed %+v does not match text %q", m, text)
			}
		}
		if got := Fill(text); got != text {
			t.Fatalf("Fill without examples changed %q to %q", text, got)
		}
	})
}
