package relay

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text markup of the two sides.
//
// WhatsApp: *bold*, _italic_, ~strike~, ```monospace block``` and `inline code`.
// A marker opens only after a space, punctuation or the start of the text and
// before a non-space; it closes before a space, punctuation or the end, after
// a non-space, on the same line. So snake_case, 2*3*4 and URLs stay as they are.
//
// The MessageGateway chat: the spec only names the formats a channel may
// declare (text.markup_formats: bold, italic, strikethrough, underline,
// inline_monospace, block_monospace, link) and never spells their syntax; no
// reference source shows it either. The chat is taken to read markdown
// (CommonMark + GFM strikethrough), and the mapping keeps to the subset whose
// meaning no markdown dialect disputes:
//
//	WhatsApp        chat
//	*bold*          **bold**
//	_italic_        _italic_     (single underscore, italic everywhere; chat *italic* also maps to _italic_)
//	~strike~        ~~strike~~
//	`code`          `code`
//	```block```     ```block```
//
// __x__ (bold in CommonMark, underline in Telegram-style dialects) and runs of
// three or more markers are left as typed, since WhatsApp has no underline and
// their meaning is disputed. Literal marker characters are not escaped: a
// backslash would show as is wherever the chat does not read markdown.
//
// Round trip: chatToWA(waToChat(s)) == s for text without marker characters
// and for well-formed WhatsApp markup made of single markers; see markup_test.go.

// markRule maps a run of one marker character in the source dialect to the
// marker of the target dialect.
type markRule struct {
	src string
	dst string
}

var (
	// waRules are WhatsApp's markers and what they become in the chat.
	waRules = []markRule{{"*", "**"}, {"_", "_"}, {"~", "~~"}}
	// chatRules are the chat's markers and what they become in WhatsApp.
	chatRules = []markRule{{"**", "*"}, {"*", "_"}, {"_", "_"}, {"~~", "~"}}
)

// waToChat converts a WhatsApp message's markup to the CRM chat's.
func waToChat(s string) string { return convertMarkup(s, waRules) }

// chatToWA converts the CRM chat's markup to WhatsApp's, for operators' messages.
func chatToWA(s string) string { return convertMarkup(s, chatRules) }

// convertMarkup rewrites the emphasis markers of s by rules. Code (``` blocks
// and `inline`) and URLs are copied untouched; an unmatched marker is copied
// as a literal character.
func convertMarkup(s string, rules []markRule) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		if n := codeSpan(s, i); n > 0 {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		if n := urlSpan(s, i); n > 0 {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		c := s[i]
		if c != '*' && c != '_' && c != '~' {
			b.WriteByte(c)
			i++
			continue
		}
		run := runLen(s, i)
		rule, ok := findRule(rules, c, run)
		if ok && opens(s, i, run) {
			if j := closer(s, i+run, c, run); j >= 0 {
				b.WriteString(rule.dst)
				b.WriteString(convertMarkup(s[i+run:j], rules))
				b.WriteString(rule.dst)
				i = j + run
				continue
			}
		}
		b.WriteString(s[i : i+run])
		i += run
	}
	return b.String()
}

func findRule(rules []markRule, c byte, run int) (markRule, bool) {
	for _, r := range rules {
		if len(r.src) == run && r.src[0] == c {
			return r, true
		}
	}
	return markRule{}, false
}

// runLen counts the equal bytes starting at i.
func runLen(s string, i int) int {
	n := 1
	for i+n < len(s) && s[i+n] == s[i] {
		n++
	}
	return n
}

// opens reports whether the marker run at i..i+run can open a span: preceded
// by the start or a non-alphanumeric rune, followed by a non-space.
func opens(s string, i, run int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if isWordRune(r) {
			return false
		}
	}
	if i+run >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i+run:])
	return !unicode.IsSpace(r)
}

// closer finds, from `from` on the same line, a run of exactly `run` bytes c
// that closes a span: after a non-space, before the end or a non-alphanumeric
// rune. Code spans in between are skipped. It returns -1 when there is none.
func closer(s string, from int, c byte, run int) int {
	for j := from; j < len(s); {
		if s[j] == '\n' {
			return -1
		}
		if n := codeSpan(s, j); n > 0 {
			j += n
			continue
		}
		if s[j] != c {
			j++
			continue
		}
		m := runLen(s, j)
		if m == run && j > from {
			before, _ := utf8.DecodeLastRuneInString(s[:j])
			after, _ := utf8.DecodeRuneInString(s[j+m:])
			if !unicode.IsSpace(before) && (j+m == len(s) || !isWordRune(after)) {
				return j
			}
		}
		j += m
	}
	return -1
}

// codeSpan returns the length of a ```block``` or `inline code` starting at
// i, or 0. Inline code stays on one line; an unclosed fence is no code.
func codeSpan(s string, i int) int {
	if s[i] != '`' {
		return 0
	}
	if strings.HasPrefix(s[i:], "```") {
		if end := strings.Index(s[i+3:], "```"); end >= 0 {
			return 3 + end + 3
		}
		return 0
	}
	end := strings.IndexAny(s[i+1:], "`\n")
	if end <= 0 || s[i+1+end] != '`' {
		return 0
	}
	return end + 2
}

// urlSpan returns the length of an http(s) URL starting at i (up to the next
// space), or 0, so underscores and tildes in links are never taken as markup.
func urlSpan(s string, i int) int {
	if s[i] != 'h' && s[i] != 'H' {
		return 0
	}
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if isWordRune(r) {
			return 0
		}
	}
	rest := s[i:]
	var scheme int
	switch {
	case len(rest) >= 8 && strings.EqualFold(rest[:8], "https://"):
		scheme = 8
	case len(rest) >= 7 && strings.EqualFold(rest[:7], "http://"):
		scheme = 7
	default:
		return 0
	}
	n := scheme
	for n < len(rest) {
		r, size := utf8.DecodeRuneInString(rest[n:])
		if unicode.IsSpace(r) {
			break
		}
		n += size
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
