package relay

import (
	"strings"
	"testing"
)

func TestWAToChat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, wa, chat string
	}{
		{"plain", "Hola, ¿tenéis cita mañana?", "Hola, ¿tenéis cita mañana?"},
		{"bold", "*hola*", "**hola**"},
		{"italic", "_hola_", "_hola_"},
		{"strike", "~hola~", "~~hola~~"},
		{"inline code", "`go test`", "`go test`"},
		{"block", "```a *b* c```", "```a *b* c```"},
		{"multi-line block", "```\nx := *p\n_y_\n```", "```\nx := *p\n_y_\n```"},
		{"words around", "el *lunes* a las _10_, no el ~martes~.", "el **lunes** a las _10_, no el ~~martes~~."},
		{"nested", "*negrita _y cursiva_ y ~tachado~*", "**negrita _y cursiva_ y ~~tachado~~**"},
		{"nested italic bold", "_cursiva *negrita*_", "_cursiva **negrita**_"},
		{"two spans", "*a* y *b*", "**a** y **b**"},
		{"punctuation around", "(*ok*)! ¡*sí*!", "(**ok**)! ¡**sí**!"},
		{"unbalanced open", "*hola", "*hola"},
		{"unbalanced close", "hola*", "hola*"},
		{"unbalanced mixed", "*hola _mundo*", "**hola _mundo**"},
		{"marker after space", "* item", "* item"},
		{"space before close", "*hola *", "*hola *"},
		{"arithmetic", "2*3*4 y 5 * 6 * 7", "2*3*4 y 5 * 6 * 7"},
		{"intraword underscore", "snake_case_name", "snake_case_name"},
		{"intraword close", "*hola*s", "*hola*s"},
		{"no span across lines", "*hola\nmundo*", "*hola\nmundo*"},
		{"url with underscores", "mira https://ex.com/a_b_c/~user/*x* ya", "mira https://ex.com/a_b_c/~user/*x* ya"},
		{"url inside bold", "*ver https://ex.com/a_b*", "**ver https://ex.com/a_b**"},
		{"backticks protect", "`*no*` pero *sí*", "`*no*` pero **sí**"},
		{"closer inside code skipped", "*a `b*` c*", "**a `b*` c**"},
		{"unclosed backtick", "`*sí*", "`**sí**"},
		{"double markers kept", "**hola** y __x__ y ~~y~~", "**hola** y __x__ y ~~y~~"},
		{"emoji boundary", "*hola*😀", "**hola**😀"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := waToChat(tt.wa); got != tt.chat {
				t.Errorf("waToChat(%q) = %q, want %q", tt.wa, got, tt.chat)
			}
		})
	}
}

func TestChatToWA(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, chat, wa string
	}{
		{"plain", "Gracias, le esperamos.", "Gracias, le esperamos."},
		{"bold", "**hola**", "*hola*"},
		{"italic underscore", "_hola_", "_hola_"},
		{"italic asterisk", "*hola*", "_hola_"},
		{"strike", "~~hola~~", "~hola~"},
		{"single tilde kept", "~hola~", "~hola~"},
		{"code", "`**x**` and ```**y**```", "`**x**` and ```**y**```"},
		{"nested", "**bold _it_ ~~st~~**", "*bold _it_ ~st~*"},
		{"bold italic triple kept", "***x***", "***x***"},
		{"underline kept", "__x__", "__x__"},
		{"unbalanced", "**hola", "**hola"},
		{"url", "https://ex.com/**a**_b_", "https://ex.com/**a**_b_"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := chatToWA(tt.chat); got != tt.wa {
				t.Errorf("chatToWA(%q) = %q, want %q", tt.chat, got, tt.wa)
			}
		})
	}
}

// TestMarkupRoundTrip: what a customer writes comes back unchanged when an
// operator quotes or forwards it, and the reverse.
func TestMarkupRoundTrip(t *testing.T) {
	t.Parallel()
	wa := []string{
		"el *lunes* a las _10_, no el ~martes~.",
		"*negrita _y cursiva_ y ~tachado~*",
		"_cursiva *negrita*_",
		"`*no*` pero *sí* y ```bloque *x*```",
		"*hola _mundo* y fin_",
		"mira https://ex.com/a_b_c ~ya~",
		"2*3*4, snake_case, * item, *hola\nmundo*",
		"*a *b* c*",
		"*a**b*",
	}
	for _, s := range wa {
		if got := chatToWA(waToChat(s)); got != s {
			t.Errorf("chatToWA(waToChat(%q)) = %q (chat %q)", s, got, waToChat(s))
		}
	}
	chat := []string{
		"**bold _it_ ~~st~~**",
		"el **lunes** a las _10_",
		"`**x**` y https://ex.com/a_b",
	}
	for _, s := range chat {
		if got := waToChat(chatToWA(s)); got != s {
			t.Errorf("waToChat(chatToWA(%q)) = %q (wa %q)", s, got, chatToWA(s))
		}
	}
}

// FuzzWAToChat: no input panics, text without markers is never changed, text
// with single markers round-trips, and only marker characters are ever added
// or removed.
func FuzzWAToChat(f *testing.F) {
	for _, s := range []string{"", "*a*", "_a_ ~b~", "```x```", "`y`", "**", "*_~`", "https://a.b/_c_", "*\xff*", "a*b_c~d"} {
		f.Add(s)
	}
	stripEmphasis := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '*' || r == '_' || r == '~' {
				return -1
			}
			return r
		}, s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		chat := waToChat(s)
		wa := chatToWA(s)
		if !strings.ContainsAny(s, "*_~`") {
			if chat != s || wa != s {
				t.Fatalf("plain text changed: %q -> chat %q, wa %q", s, chat, wa)
			}
			if back := chatToWA(chat); back != s {
				t.Fatalf("round trip of plain text: %q -> %q", s, back)
			}
		}
		// Single markers (no **, __, ~~ typed by the customer) survive the
		// trip to the chat and back, whatever their nesting or balance.
		if !strings.Contains(s, "**") && !strings.Contains(s, "__") && !strings.Contains(s, "~~") {
			if back := chatToWA(chat); back != s {
				t.Fatalf("round trip: %q -> chat %q -> %q", s, chat, back)
			}
		}
		if stripEmphasis(chat) != stripEmphasis(s) {
			t.Fatalf("waToChat changed more than markers: %q -> %q", s, chat)
		}
		if stripEmphasis(wa) != stripEmphasis(s) {
			t.Fatalf("chatToWA changed more than markers: %q -> %q", s, wa)
		}
	})
}
