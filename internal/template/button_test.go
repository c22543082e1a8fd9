package template

import (
	"strings"
	"testing"
)

// buttons replaces the buttons of the draft.
func buttons(bs ...Button) func(*Draft) { return func(d *Draft) { d.Buttons = bs } }

// quick is a quick-reply button.
func quick(text string) Button { return Button{Type: ButtonQuickReply, Text: text} }

// link is a URL button with the example needed when url has a variable.
func link(url string) Button {
	return Button{Type: ButtonURL, Text: "Open", URL: url, URLExample: "A-1"}
}

func TestButtonTypesAndTexts(t *testing.T) {
	t.Parallel()
	runRules(t, validMedia, []ruleCase{
		{"lowercase type", buttons(Button{Type: "quick_reply", Text: "Yes"}), nil},
		{"25 chars", buttons(quick(strings.Repeat("ж", 25))), nil},
		{"copy code needs no text", buttons(Button{Type: ButtonCopyCode, Example: "X1"}), nil},
		{"unknown type", buttons(quick("Yes"), Button{Type: "LINK", Text: "Go"}),
			[]want{{"buttons[1].type", keyButtonType, map[string]any{"Button": 2, "Value": "LINK"}}}},
		{"no type", buttons(Button{Text: "Go"}), []want{{"buttons[0].type", keyButtonType, nil}}},
		{"no text", buttons(quick(" ")), []want{{"buttons[0].text", keyButtonText, map[string]any{"Button": 1}}}},
		{"26 chars", buttons(quick(strings.Repeat("ж", 26))),
			[]want{{"buttons[0].text", keyButtonTextLong, map[string]any{"Max": 25, "Length": 26}}}},
		{"duplicate text", buttons(quick("Stop"), quick("Yes"), quick(" stop")),
			[]want{{"buttons[2].text", keyButtonDuplicate, map[string]any{"Button": 3, "Other": 1, "Text": "stop"}}}},
		{"duplicate across types", buttons(Button{Type: ButtonPhone, Text: "Call", Phone: "123"}, quick("call")),
			[]want{{"buttons[1].text", keyButtonDuplicate, nil}}},
	})
}

func TestButtonCounts(t *testing.T) {
	t.Parallel()
	phone := Button{Type: ButtonPhone, Text: "Call", Phone: "+123"}
	code := Button{Type: ButtonCopyCode, Example: "X1"}
	runRules(t, validMedia, []ruleCase{
		{"3 quick replies", buttons(quick("a"), quick("b"), quick("c")), nil},
		{"one of each call to action", buttons(link("https://a.example"), phone, code), nil},
		{"quick replies last", buttons(link("https://a.example"), quick("a"), quick("b")), nil},
		{"quick replies first", buttons(quick("a"), quick("b"), phone), nil},
		{"4 quick replies", buttons(quick("a"), quick("b"), quick("c"), quick("d")),
			[]want{{"buttons", keyTooManyQuick, map[string]any{"Max": 3, "Found": 4}}}},
		{"2 urls", buttons(link("https://a.example"), Button{Type: ButtonURL, Text: "B", URL: "https://b.example"}),
			[]want{{"buttons", keyTooManyURL, map[string]any{"Max": 1, "Found": 2}}}},
		{"2 phones", buttons(phone, Button{Type: ButtonPhone, Text: "Call 2", Phone: "+456"}),
			[]want{{"buttons", keyTooManyPhone, nil}}},
		{"2 copy codes", buttons(code, code), []want{{"buttons", keyTooManyCopyCode, nil}}},
		{"interleaved", buttons(quick("a"), phone, quick("b")), []want{{"buttons", keyButtonsUngrouped, nil}}},
	})
}

func TestURLButton(t *testing.T) {
	t.Parallel()
	const f = "buttons[0].url"
	runRules(t, validMedia, []ruleCase{
		{"static", buttons(Button{Type: ButtonURL, Text: "Open", URL: "https://shop.example/sale"}), nil},
		{"variable at end", buttons(link("https://shop.example/o/{{1}}")), nil},
		{"uppercase scheme", buttons(link("HTTPS://shop.example/o/{{1}}")), nil},
		{"2000 chars", buttons(link("https://shop.example/" + strings.Repeat("a", 2000-21))), nil},
		{"empty", buttons(Button{Type: ButtonURL, Text: "Open"}), []want{{f, keyURLRequired, nil}}},
		{"2001 chars", buttons(link("https://shop.example/" + strings.Repeat("a", 2001-21))),
			[]want{{f, keyURLTooLong, map[string]any{"Max": 2000, "Length": 2001}}}},
		{"http", buttons(link("http://shop.example/o/{{1}}")), []want{{f, keyURLHTTPS, nil}}},
		{"no scheme", buttons(link("shop.example/o")), []want{{f, keyURLHTTPS, nil}}},
		{"variable as host", buttons(link("https://{{1}}")), []want{{f, keyURLHTTPS, nil}}},
		{"variable in the middle", buttons(link("https://shop.example/{{1}}/track")),
			[]want{{f, keyURLVarEnd, map[string]any{"Button": 1}}}},
		{"two variables", buttons(link("https://shop.example/{{1}}/{{2}}")),
			[]want{{f, keyURLVars, map[string]any{"Found": 2}}}},
		{"variable not 1", buttons(link("https://shop.example/o/{{2}}")),
			[]want{{f, keyURLVarName, map[string]any{"Variable": "{{2}}"}}}},
		{"named variable", buttons(link("https://shop.example/o/{{order}}")),
			[]want{{f, keyURLVarName, map[string]any{"Variable": "{{order}}"}}}},
		{"malformed variable", buttons(link("https://shop.example/o/{{ 1 }}")),
			[]want{{f, keyVarMalformed, map[string]any{"Suggestion": "{{1}}"}}}},
		{"no example", buttons(Button{Type: ButtonURL, Text: "Open", URL: "https://shop.example/o/{{1}}"}),
			[]want{{"buttons[0].url_example", keyURLExample, nil}}},
		{"example with space", buttons(Button{Type: ButtonURL, Text: "Open", URL: "https://shop.example/o/{{1}}", URLExample: "a b"}),
			[]want{{"buttons[0].url_example", keyURLExampleSpace, nil}}},
	})
}

func TestPhoneAndCopyCodeButtons(t *testing.T) {
	t.Parallel()
	phone := func(p string) func(*Draft) { return buttons(Button{Type: ButtonPhone, Text: "Call", Phone: p}) }
	code := func(c string) func(*Draft) { return buttons(Button{Type: ButtonCopyCode, Example: c}) }
	const f = "buttons[0].phone"
	runRules(t, validMedia, []ruleCase{
		{"plus and digits", phone("+5511987654321"), nil},
		{"digits only", phone("5511987654321"), nil},
		{"separators dropped", phone("+55 (11) 98765-4321"), nil},
		{"20 chars", phone("+" + strings.Repeat("1", 19)), nil},
		{"empty", phone(""), []want{{f, keyPhoneRequired, nil}}},
		{"21 chars", phone("+" + strings.Repeat("1", 20)),
			[]want{{f, keyPhoneTooLong, map[string]any{"Max": 20, "Length": 21}}}},
		{"letters", phone("+1 555 CALL NOW"), []want{{f, keyPhoneInvalid, nil}}},
		{"plus only", phone("+"), []want{{f, keyPhoneInvalid, nil}}},
		{"plus inside", phone("1+555"), []want{{f, keyPhoneInvalid, nil}}},
		{"code 15 chars", code(strings.Repeat("Z", 15)), nil},
		{"code missing", code(" "), []want{{"buttons[0].example", keyCodeRequired, nil}}},
		{"code 16 chars", code(strings.Repeat("Z", 16)),
			[]want{{"buttons[0].example", keyCodeTooLong, map[string]any{"Max": 15, "Length": 16}}}},
	})
}

func TestExampleURL(t *testing.T) {
	t.Parallel()
	b := Button{Type: ButtonURL, URL: "https://shop.example/o/{{1}}", URLExample: "A-1"}
	if got := b.ExampleURL(); got != "https://shop.example/o/A-1" {
		t.Errorf("ExampleURL = %q", got)
	}
}
