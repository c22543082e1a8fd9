package template

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Validate checks Normalize(d) against every rule in the package doc and
// returns all issues found, in field order; an empty (non-nil, so JSON shows
// []) result means the draft may be submitted. It never panics, whatever the
// input.
func Validate(d Draft) []Issue {
	d = Normalize(d)
	var is issues
	checkName(&is, d.Name)
	checkCategory(&is, d.Category)
	checkLanguage(&is, d.Language)
	if d.Kind != KindBasic && d.Kind != KindMedia {
		is.add("kind", keyKindUnknown, "Value", string(d.Kind))
	}
	format := d.ParameterFormat
	if format != FormatPositional && format != FormatNamed {
		is.add("parameter_format", keyFormatUnknown, "Value", d.ParameterFormat)
		format = "" // unknown: do not blame variables for the format
	}
	switch d.Kind {
	case KindBasic:
		if d.Header != nil {
			is.add("header", keyBasicHeader)
		}
		checkBody(&is, d.Body, format)
		if d.Footer != "" {
			is.add("footer", keyBasicFooter)
		}
		if len(d.Buttons) > 0 {
			is.add("buttons", keyBasicButtons)
		}
	case KindMedia:
		checkHeader(&is, d.Header, format)
		checkBody(&is, d.Body, format)
		checkFooter(&is, d.Footer)
		checkButtons(&is, d.Buttons)
	default: // reported above; the body is still worth checking
		checkBody(&is, d.Body, format)
	}
	if is == nil {
		return []Issue{}
	}
	return is
}

// ValidName reports whether name is an acceptable template name: 1 to 512
// lowercase latin letters, digits and underscores.
func ValidName(name string) bool {
	return name != "" && len(name) <= maxName && badNameChars(name) == nil
}

func checkName(is *issues, name string) {
	if name == "" {
		is.add("name", keyNameRequired)
		return
	}
	if n := utf8.RuneCountInString(name); n > maxName {
		is.add("name", keyNameTooLong, "Max", maxName, "Length", n)
	}
	bad := badNameChars(name)
	if bad == nil {
		return
	}
	if lower := strings.ToLower(name); badNameChars(lower) == nil {
		is.add("name", keyNameUpper, "Suggestion", lower[:min(len(lower), maxName)])
		return
	}
	// Capital latin letters are not listed: the suggestion shows them
	// lower-cased, which is the fix, not removal.
	var quoted []string
	for _, r := range bad {
		if r < 'A' || r > 'Z' {
			quoted = append(quoted, fmt.Sprintf("%q", r))
		}
	}
	is.add("name", keyNameChars, "Chars", strings.Join(quoted, ", "), "Suggestion", suggestName(name))
}

// badNameChars returns the distinct characters of name that a template name
// may not hold, in order of appearance.
func badNameChars(name string) []rune {
	var bad []rune
	for _, r := range name {
		if nameChar(r) || slices.Contains(bad, r) {
			continue
		}
		bad = append(bad, r)
	}
	return bad
}

func nameChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_'
}

// suggestName turns "Order Update-2" into "order_update_2": lower-cased,
// spaces, dashes and dots made underscores, other characters dropped.
func suggestName(name string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case nameChar(r):
			return r
		case r == ' ' || r == '-' || r == '.' || r == '\t':
			return '_'
		}
		return -1
	}, strings.ToLower(name))
	if len(s) > maxName {
		s = s[:maxName]
	}
	return s
}

func checkCategory(is *issues, c string) {
	switch c {
	case CategoryMarketing, CategoryUtility, CategoryAuthentication:
	case "":
		is.add("category", keyCategoryRequired)
	default:
		is.add("category", keyCategoryUnknown, "Value", c,
			"Allowed", CategoryMarketing+", "+CategoryUtility+", "+CategoryAuthentication)
	}
}

func checkLanguage(is *issues, lang string) {
	switch {
	case lang == "":
		is.add("language", keyLanguageRequired)
	case !KnownLanguage(lang):
		is.add("language", keyLanguageUnknown, "Value", lang,
			"Suggestions", strings.Join(languagesLike(lang), ", "))
	}
}

// runes counts characters the way the limits in this package do.
func runes(s string) int { return utf8.RuneCountInString(s) }
