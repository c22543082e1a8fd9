package template

import (
	"net/url"
	"strconv"
	"strings"
)

func checkButtons(is *issues, bs []Button) {
	count := map[string]int{}
	texts := map[string]int{} // folded text -> first button number
	firstQuick, lastQuick := -1, -1
	for i, b := range bs {
		f := "buttons[" + strconv.Itoa(i) + "]"
		n := i + 1 // people count buttons from 1
		switch b.Type {
		case ButtonQuickReply, ButtonURL, ButtonPhone, ButtonCopyCode:
		default:
			is.add(f+".type", keyButtonType, "Button", n, "Value", b.Type,
				"Allowed", strings.Join([]string{ButtonQuickReply, ButtonURL, ButtonPhone, ButtonCopyCode}, ", "))
			continue
		}
		count[b.Type]++
		if b.Type == ButtonQuickReply {
			if firstQuick < 0 {
				firstQuick = i
			}
			lastQuick = i
		}
		if b.Type != ButtonCopyCode {
			checkButtonText(is, f+".text", n, b.Text, texts)
		}
		switch b.Type {
		case ButtonURL:
			checkURLButton(is, f, n, b)
		case ButtonPhone:
			checkPhone(is, f+".phone", n, b.Phone)
		case ButtonCopyCode:
			switch {
			case b.Example == "":
				is.add(f+".example", keyCodeRequired, "Button", n)
			case runes(b.Example) > maxCopyCode:
				is.add(f+".example", keyCodeTooLong, "Button", n, "Max", maxCopyCode, "Length", runes(b.Example))
			}
		}
	}
	for _, lim := range []struct {
		typ, key string
		max      int
	}{
		{ButtonQuickReply, keyTooManyQuick, maxQuick},
		{ButtonURL, keyTooManyURL, maxURLButtons},
		{ButtonPhone, keyTooManyPhone, maxPhones},
		{ButtonCopyCode, keyTooManyCopyCode, maxCopyCodes},
	} {
		if count[lim.typ] > lim.max {
			is.add("buttons", lim.key, "Max", lim.max, "Found", count[lim.typ])
		}
	}
	for i := firstQuick + 1; firstQuick >= 0 && i < lastQuick; i++ {
		if bs[i].Type != ButtonQuickReply {
			is.add("buttons", keyButtonsUngrouped)
			break
		}
	}
}

func checkButtonText(is *issues, field string, n int, text string, seen map[string]int) {
	t := strings.TrimSpace(text)
	if t == "" {
		is.add(field, keyButtonText, "Button", n)
		return
	}
	if l := runes(text); l > maxButtonText {
		is.add(field, keyButtonTextLong, "Button", n, "Max", maxButtonText, "Length", l)
	}
	folded := strings.ToLower(t)
	if other, ok := seen[folded]; ok {
		is.add(field, keyButtonDuplicate, "Button", n, "Other", other, "Text", t)
		return
	}
	seen[folded] = n
}

// checkURLButton: https, at most one variable, which must be {{1}} at the
// very end of the URL and needs an example value.
func checkURLButton(is *issues, f string, n int, b Button) {
	field := f + ".url"
	if b.URL == "" {
		is.add(field, keyURLRequired, "Button", n)
		return
	}
	if l := runes(b.URL); l > maxURL {
		is.add(field, keyURLTooLong, "Button", n, "Max", maxURL, "Length", l)
	}
	// Not checkVars: a URL has its own numbering rule ({{1}} only), and a
	// second message about the sequence would say the same thing twice.
	vars, bad := Variables(b.URL)
	for _, m := range bad {
		is.add(field, keyVarMalformed, "Text", shorten(m.Text, 30), "Suggestion", m.Suggestion)
	}
	static := b.URL
	if len(vars) > 0 {
		static = b.URL[:vars[0].Start]
	}
	if u, err := url.Parse(static); err != nil || !strings.EqualFold(u.Scheme, "https") || u.Host == "" {
		is.add(field, keyURLHTTPS, "Button", n)
	}
	if len(vars) == 0 {
		return
	}
	if len(vars) > 1 {
		is.add(field, keyURLVars, "Button", n, "Found", len(vars))
	} else {
		if vars[0].End != len(b.URL) {
			is.add(field, keyURLVarEnd, "Button", n)
		}
		if vars[0].Name != "1" {
			is.add(field, keyURLVarName, "Button", n, "Variable", vars[0].String())
		}
	}
	switch ex := b.URLExample; {
	case strings.TrimSpace(ex) == "":
		is.add(f+".url_example", keyURLExample, "Button", n)
	case strings.ContainsFunc(ex, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }):
		is.add(f+".url_example", keyURLExampleSpace, "Button", n)
	}
}

func checkPhone(is *issues, field string, n int, phone string) {
	if phone == "" {
		is.add(field, keyPhoneRequired, "Button", n)
		return
	}
	if l := runes(phone); l > maxPhone {
		is.add(field, keyPhoneTooLong, "Button", n, "Max", maxPhone, "Length", l)
	}
	digits := strings.TrimPrefix(phone, "+")
	if digits == "" || strings.ContainsFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) {
		is.add(field, keyPhoneInvalid, "Button", n)
	}
}
