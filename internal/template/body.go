package template

import (
	"strconv"
	"strings"
	"unicode"
)

func checkBody(is *issues, b Body, format string) {
	const field = "body.text"
	if strings.TrimSpace(b.Text) == "" {
		is.add(field, keyBodyRequired)
		return
	}
	if n := runes(b.Text); n > maxBody {
		is.add(field, keyBodyTooLong, "Max", maxBody, "Length", n)
	}
	vars := checkVars(is, field, b.Text, format)
	if len(vars) == 0 {
		return
	}
	first, last := vars[0], vars[len(vars)-1]
	if lead := len(b.Text) - len(strings.TrimLeftFunc(b.Text, unicode.IsSpace)); first.Start == lead {
		is.add(field, keyBodyStarts, "Variable", first.String())
	}
	if end := len(strings.TrimRightFunc(b.Text, unicode.IsSpace)); last.End == end {
		is.add(field, keyBodyEnds, "Variable", last.String())
	}
	for i := 1; i < len(vars); i++ {
		if strings.TrimSpace(b.Text[vars[i-1].End:vars[i].Start]) == "" {
			is.add(field, keyBodyAdjacent, "First", vars[i-1].String(), "Second", vars[i].String())
		}
	}
	if w, need := words(b.Text, vars), 2*len(vars)+1; w < need {
		is.add(field, keyBodyTooMany, "Words", w, "Variables", len(vars), "Need", need)
	}
	checkBodyExamples(is, b, vars)
}

// checkVars reports malformed placeholders, a mix of named and positional
// variables, variables that do not fit the parameter format ("" = unknown
// format, not checked) and gaps in the numbering. It returns the variables.
func checkVars(is *issues, field, text, format string) []Variable {
	vars, bad := Variables(text)
	for _, m := range bad {
		is.add(field, keyVarMalformed, "Text", shorten(m.Text, 30), "Suggestion", m.Suggestion)
	}
	var firstNamed, firstPos *Variable
	for i := range vars {
		if vars[i].Named() && firstNamed == nil {
			firstNamed = &vars[i]
		}
		if !vars[i].Named() && firstPos == nil {
			firstPos = &vars[i]
		}
	}
	switch {
	case firstNamed != nil && firstPos != nil:
		is.add(field, keyVarMixed, "Named", firstNamed.String(), "Positional", firstPos.String())
	case firstNamed != nil && format == FormatPositional:
		is.add(field, keyVarNeedNamed, "Variable", firstNamed.String())
	case firstPos != nil && format == FormatNamed:
		is.add(field, keyVarNeedPosition, "Variable", firstPos.String())
	}
	if missing := firstMissing(vars); missing > 0 {
		is.add(field, keyVarSequence, "Missing", "{{"+strconv.Itoa(missing)+"}}")
	}
	return vars
}

// firstMissing returns the lowest number below the highest positional
// variable that the text does not use, or 0 when the numbering is complete.
func firstMissing(vars []Variable) int {
	highest := 0
	used := map[int]bool{}
	for _, v := range vars {
		if !v.Named() {
			used[v.Index] = true
			highest = max(highest, v.Index)
		}
	}
	for n := 1; n < highest; n++ {
		if !used[n] {
			return n
		}
	}
	return 0
}

// words counts the words of text outside its variables; a word is a run of
// non-space characters holding at least one letter or digit, so "—" or an
// emoji alone does not count.
func words(text string, vars []Variable) int {
	var sb strings.Builder
	last := 0
	for _, v := range vars {
		sb.WriteString(text[last:v.Start])
		sb.WriteByte(' ')
		last = v.End
	}
	sb.WriteString(text[last:])
	n := 0
	for _, f := range strings.Fields(sb.String()) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// checkBodyExamples wants one example per distinct variable, positional
// ones in Examples[n-1] and named ones in NamedExamples.
func checkBodyExamples(is *issues, b Body, vars []Variable) {
	seen := map[string]bool{}
	for _, v := range vars {
		if seen[v.Name] {
			continue
		}
		seen[v.Name] = true
		var field, ex string
		if v.Named() {
			field, ex = "body.named_examples."+v.Name, b.NamedExamples[v.Name]
		} else {
			field = "body.examples[" + strconv.Itoa(v.Index-1) + "]"
			if v.Index <= len(b.Examples) {
				ex = b.Examples[v.Index-1]
			}
		}
		checkExample(is, field, v.String(), ex)
	}
}

// checkExample applies Meta's rules for parameter values to an example.
func checkExample(is *issues, field, variable, ex string) {
	switch {
	case strings.TrimSpace(ex) == "":
		is.add(field, keyExampleRequired, "Variable", variable)
	case strings.ContainsAny(ex, "\n\r\t") || strings.Contains(ex, strings.Repeat(" ", maxSpaces+1)):
		is.add(field, keyExampleSpace, "Variable", variable, "Max", maxSpaces)
	}
}

// shorten cuts s to n characters with an ellipsis, for quoting user input
// back in a message.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
