package delivery

import "strings"

// Translator renders a locale key in a language; *locale.Catalog is one.
type Translator interface {
	T(lang, key string, args map[string]any) string
}

// maxDetails caps the upstream explanation added to the text, so a long or
// odd answer does not flood the chat.
const maxDetails = 300

// Human is the sentence shown to the operator in the CRM chat for a message
// that was not delivered: what went wrong, in plain words, what to do next,
// and the error code for support, e.g. "Not delivered (WhatsApp error
// 131047): more than 24 hours have passed since the customer last wrote, so
// WhatsApp only accepts an approved template; send a template instead."
//
// details is the explanation WhatsApp or 360dialog sent along (Meta's
// error_data.details), usually English; when not empty it is appended, on
// one line and cut to a few hundred characters, because it sometimes names
// the exact field at fault. Code 0 gives a sentence without a code; code 401
// is called a 360dialog error, since WhatsApp never sees a refused key.
func Human(cat Translator, lang string, code int, details string) string {
	r := Lookup(code)
	reason := cat.T(lang, r.Key, map[string]any{"Code": code})
	prefix := "delivery.human"
	switch code {
	case 0:
		prefix = "delivery.human_nocode"
	case 401:
		prefix = "delivery.human_360dialog"
	}
	text := cat.T(lang, prefix, map[string]any{"Code": code, "Reason": reason})
	if d := oneLine(details); d != "" {
		text = cat.T(lang, "delivery.human_details", map[string]any{"Text": text, "Details": d})
	}
	return text
}

// oneLine collapses whitespace and cuts s to maxDetails runes.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxDetails {
		s = string(r[:maxDetails]) + "…"
	}
	return s
}
