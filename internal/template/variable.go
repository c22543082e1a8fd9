package template

import (
	"strconv"
	"strings"
)

// Variable is one well-formed placeholder in a text: {{1}} or {{first_name}}.
// Start and End are byte offsets of "{{" and just past "}}".
type Variable struct {
	Name  string `json:"name"`  // "1" or "first_name"
	Index int    `json:"index"` // the number of a positional variable; 0 when named
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Named reports whether v is a named variable ({{first_name}}).
func (v Variable) Named() bool { return v.Index == 0 }

// String returns the placeholder as written, e.g. "{{1}}".
func (v Variable) String() string { return "{{" + v.Name + "}}" }

// Malformed is text that was meant as a variable but is not one, such as
// "{{ 1 }}", "{{1}", "{{a b}}" or a stray "}}". Suggestion is the variable
// the merchant probably meant ("{{1}}"), or "" when there is no good guess.
type Malformed struct {
	Text       string `json:"text"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Suggestion string `json:"suggestion,omitempty"`
}

// Variables finds the placeholders in text, in order, and the brace runs
// that look like placeholders but are malformed. Single braces ("{x}") are
// ordinary text.
func Variables(text string) ([]Variable, []Malformed) {
	var vars []Variable
	var bad []Malformed
	i := 0
	for i < len(text) {
		open := strings.Index(text[i:], "{{")
		stray := strings.Index(text[i:], "}}")
		if open < 0 && stray < 0 {
			break
		}
		if stray >= 0 && (open < 0 || stray < open) {
			m, end := strayClose(text, i, i+stray)
			bad = append(bad, m)
			i = end
			continue
		}
		v, m, end := token(text, i+open)
		if m != nil {
			bad = append(bad, *m)
		} else {
			vars = append(vars, v)
		}
		i = end
	}
	return vars, bad
}

// token reads the placeholder that starts at s (text[s:] begins with "{{").
// It returns either a Variable or a Malformed, and where scanning resumes.
func token(text string, s int) (Variable, *Malformed, int) {
	p := s
	for p < len(text) && text[p] == '{' {
		p++
	}
	opens := p - s
	q := p
	for q < len(text) && text[q] != '{' && text[q] != '}' && text[q] != '\n' {
		q++
	}
	content := text[p:q]
	e := q
	for e < len(text) && text[e] == '}' {
		e++
	}
	closes := e - q
	if opens == 2 && closes == 2 {
		if idx, ok := positional(content); ok {
			return Variable{Name: content, Index: idx, Start: s, End: e}, nil, e
		}
		if named(content) {
			return Variable{Name: content, Start: s, End: e}, nil, e
		}
	}
	if closes == 0 {
		// Unterminated: report the brace and what follows on the line,
		// without trailing spaces.
		e = s + opens + len(strings.TrimRight(content, " \t\r"))
	}
	return Variable{}, &Malformed{Text: text[s:e], Start: s, End: e, Suggestion: suggest(content)}, e
}

// strayClose reports a "}}" at c that no "{{" opened, together with the word
// it ends ("{1}}", "name}}"); from is where unconsumed text begins.
func strayClose(text string, from, c int) (Malformed, int) {
	s := c
	for s > from && !isSpace(text[s-1]) {
		s--
	}
	e := c
	for e < len(text) && text[e] == '}' {
		e++
	}
	inner := strings.TrimLeft(text[s:c], "{")
	return Malformed{Text: text[s:e], Start: s, End: e, Suggestion: suggest(inner)}, e
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// positional reports whether s is a variable number: 1 to 9999, no leading zero.
func positional(s string) (int, bool) {
	if len(s) == 0 || len(s) > 4 || s[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// named reports whether s is a valid named variable: lowercase latin letters,
// digits and underscores, not digits only.
func named(s string) bool {
	if s == "" {
		return false
	}
	digits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
			digits = false
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return !digits
}

// suggest guesses the variable meant by malformed content: spaces trimmed,
// leading zeros dropped, lower-cased, inner spaces turned into underscores.
func suggest(content string) string {
	c := strings.TrimSpace(content)
	if t := strings.TrimLeft(c, "0"); t != "" {
		if _, ok := positional(t); ok {
			return "{{" + t + "}}"
		}
	}
	c = strings.ToLower(c)
	c = strings.Join(strings.Fields(c), "_")
	if named(c) {
		return "{{" + c + "}}"
	}
	return ""
}

// Fill returns text with each positional variable {{n}} replaced by
// examples[n-1], for previews. Variables without a non-empty example, named
// variables and malformed placeholders are left as written, so the preview
// shows what is still missing.
func Fill(text string, examples ...string) string {
	return fill(text, examples, nil)
}

// FillNamed is Fill for named variables: {{name}} becomes examples[name].
func FillNamed(text string, examples map[string]string) string {
	return fill(text, nil, examples)
}

// Preview returns the body text with its examples filled in, positional and
// named alike.
func (b Body) Preview() string { return fill(b.Text, b.Examples, b.NamedExamples) }

// ExampleURL returns the button URL with its {{1}} replaced by URLExample:
// the full sample link Meta wants in the URL button's example.
func (b Button) ExampleURL() string { return Fill(b.URL, b.URLExample) }

func fill(text string, pos []string, names map[string]string) string {
	vars, _ := Variables(text)
	if len(vars) == 0 {
		return text
	}
	var sb strings.Builder
	last := 0
	for _, v := range vars {
		ex := ""
		if v.Named() {
			ex = names[v.Name]
		} else if v.Index <= len(pos) {
			ex = pos[v.Index-1]
		}
		if ex == "" {
			continue
		}
		sb.WriteString(text[last:v.Start])
		sb.WriteString(ex)
		last = v.End
	}
	sb.WriteString(text[last:])
	return sb.String()
}
