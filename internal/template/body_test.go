package template

import (
	"strings"
	"testing"
)

// body returns an edit that sets the body text and its positional examples.
func body(text string, examples ...string) func(*Draft) {
	return func(d *Draft) { d.Body = Body{Text: text, Examples: examples} }
}

// namedBody switches to the named format with the given examples.
func namedBody(text string, examples map[string]string) func(*Draft) {
	return func(d *Draft) {
		d.ParameterFormat = FormatNamed
		d.Body = Body{Text: text, NamedExamples: examples}
	}
}

func TestBodyText(t *testing.T) {
	t.Parallel()
	const f = "body.text"
	runRules(t, validBasic, []ruleCase{
		{"no variables", body("Your order is ready."), nil},
		{"1024 chars", body(strings.Repeat("ab ", 341) + "a"), nil},
		{"1024 multibyte chars", body(strings.Repeat("ñ", 1024)), nil},
		{"empty", body(""), []want{{f, keyBodyRequired, nil}}},
		{"blank", body(" \n "), []want{{f, keyBodyRequired, nil}}},
		{"1025 chars", body(strings.Repeat("ñ", 1025)),
			[]want{{f, keyBodyTooLong, map[string]any{"Max": 1024, "Length": 1025}}}},
		{"starts with variable", body("{{1}} is your code for the shop login today", "123"),
			[]want{{f, keyBodyStarts, map[string]any{"Variable": "{{1}}"}}}},
		{"starts with variable after spaces", body("\n  {{1}} is your code for the shop login today", "123"),
			[]want{{f, keyBodyStarts, nil}}},
		{"ends with variable", body("Your code for the shop login today is {{1}}", "123"),
			[]want{{f, keyBodyEnds, map[string]any{"Variable": "{{1}}"}}}},
		{"ends with variable before spaces", body("Your code for the shop login today is {{1}} \n", "123"),
			[]want{{f, keyBodyEnds, nil}}},
		{"ends with full stop", body("Your code for the shop login today is {{1}}.", "123"), nil},
		{"adjacent with space", body("Hello {{1}} {{2}}, your order is ready for pickup today.", "a", "b"),
			[]want{{f, keyBodyAdjacent, map[string]any{"First": "{{1}}", "Second": "{{2}}"}}}},
		{"adjacent touching", body("Hello {{1}}{{2}}, your order is ready for pickup today.", "a", "b"),
			[]want{{f, keyBodyAdjacent, nil}}},
		{"adjacent across newline", body("Hello {{1}}\n{{2}}, your order is ready for pickup today.", "a", "b"),
			[]want{{f, keyBodyAdjacent, nil}}},
		{"separated by comma", body("Hello {{1}}, {{2}}, your order is ready for pickup today.", "a", "b"), nil},
		{"too many variables", body("Hi {{1}}, order {{2}} ok.", "a", "b"),
			[]want{{f, keyBodyTooMany, map[string]any{"Words": 3, "Variables": 2, "Need": 5}}}},
		{"exactly enough words", body("Hi {{1}}, your order {{2}} is ready.", "a", "b"), nil},
		{"symbols are not words", body("Hi {{1}} — 🎉 ok!", "a"),
			[]want{{f, keyBodyTooMany, map[string]any{"Words": 2, "Need": 3}}}},
		{"symbols beside enough words", body("Hi {{1}} — 🎉 ok now!", "a"), nil},
		{"repeats count as occurrences", body("Hi {{1}}, yes {{1}} is you, right?", "a"), nil},
		{"repeats need words too", body("Hi {{1}}, {{1}} is you?", "a"),
			[]want{{f, keyBodyTooMany, map[string]any{"Words": 3, "Variables": 2, "Need": 5}}}},
	})
}

func TestBodyVariables(t *testing.T) {
	t.Parallel()
	const f = "body.text"
	runRules(t, validBasic, []ruleCase{
		{"gap", body("Hello {{1}}, your order {{3}} is ready now.", "a", "b", "c"),
			[]want{{f, keyVarSequence, map[string]any{"Missing": "{{2}}"}}}},
		{"does not start at 1", body("Hello {{2}}, your order is ready now.", "", "b"),
			[]want{{f, keyVarSequence, map[string]any{"Missing": "{{1}}"}}}},
		{"out of order is fine", body("Hello {{2}}, your order {{1}} is ready now.", "a", "b"), nil},
		{"spaces inside", body("Hello {{ 1 }}, your order is ready now."),
			[]want{{f, keyVarMalformed, map[string]any{"Text": "{{ 1 }}", "Suggestion": "{{1}}"}}}},
		{"one closing brace", body("Hello {{1}, your order is ready now."),
			[]want{{f, keyVarMalformed, map[string]any{"Text": "{{1}", "Suggestion": "{{1}}"}}}},
		{"space in name", body("Hello {{a b}}, your order is ready now."),
			[]want{{f, keyVarMalformed, map[string]any{"Suggestion": "{{a_b}}"}}}},
		{"stray closing braces", body("Hello 1}}, your order is ready now."),
			[]want{{f, keyVarMalformed, map[string]any{"Text": "1}}", "Suggestion": "{{1}}"}}}},
		{"capitals in name", body("Hello {{First_Name}}, your order is ready now."),
			[]want{{f, keyVarMalformed, map[string]any{"Suggestion": "{{first_name}}"}}}},
		{"zero", body("Hello {{0}}, your order is ready now."),
			[]want{{f, keyVarMalformed, map[string]any{"Text": "{{0}}", "Suggestion": ""}}}},
		{"single braces are text", body("Hello {friend}, your order is ready now."), nil},
		{"named in positional format", func(d *Draft) {
			d.Body = Body{Text: "Hello {{first_name}}, your order is ready now.", NamedExamples: map[string]string{"first_name": "Maria"}}
		}, []want{{f, keyVarNeedNamed, map[string]any{"Variable": "{{first_name}}"}}}},
		{"named format", namedBody("Hello {{first_name}}, your order {{order_id}} is ready now.",
			map[string]string{"first_name": "Maria", "order_id": "A-1"}), nil},
		{"named format uppercase", func(d *Draft) {
			namedBody("Hello {{first_name}}, your order is ready now.", map[string]string{"first_name": "Maria"})(d)
			d.ParameterFormat = "NAMED"
		}, nil},
		{"named missing example", namedBody("Hello {{first_name}}, your order {{order_id}} is ready now.",
			map[string]string{"first_name": "Maria"}),
			[]want{{"body.named_examples.order_id", keyExampleRequired, map[string]any{"Variable": "{{order_id}}"}}}},
		{"positional in named format", func(d *Draft) {
			d.ParameterFormat = FormatNamed
		}, []want{{f, keyVarNeedPosition, map[string]any{"Variable": "{{1}}"}}}},
		{"mixed", func(d *Draft) {
			d.Body = Body{Text: "Hello {{first_name}}, your order {{1}} is ready now.",
				Examples: []string{"A-1"}, NamedExamples: map[string]string{"first_name": "Maria"}}
		}, []want{{f, keyVarMixed, map[string]any{"Named": "{{first_name}}", "Positional": "{{1}}"}}}},
		{"unknown format does not blame variables", func(d *Draft) { d.ParameterFormat = "numbered" },
			[]want{{"parameter_format", keyFormatUnknown, nil}}},
	})
}

func TestBodyExamples(t *testing.T) {
	t.Parallel()
	const text = "Hello {{1}}, your order {{2}} is ready for pickup at our store."
	runRules(t, validBasic, []ruleCase{
		{"extra examples ignored", body(text, "a", "b", "c"), nil},
		{"four spaces", body(text, "a    b", "c"), nil},
		{"missing second", body(text, "a"),
			[]want{{"body.examples[1]", keyExampleRequired, map[string]any{"Variable": "{{2}}"}}}},
		{"none", body(text),
			[]want{{"body.examples[0]", keyExampleRequired, nil}, {"body.examples[1]", keyExampleRequired, nil}}},
		{"blank", body(text, " ", "b"), []want{{"body.examples[0]", keyExampleRequired, nil}}},
		{"newline", body(text, "a\nb", "c"),
			[]want{{"body.examples[0]", keyExampleSpace, map[string]any{"Variable": "{{1}}", "Max": 4}}}},
		{"tab", body(text, "a", "b\tc"), []want{{"body.examples[1]", keyExampleSpace, nil}}},
		{"five spaces", body(text, "a     b", "c"), []want{{"body.examples[0]", keyExampleSpace, nil}}},
		{"repeated variable needs one example", body("Hi {{1}}, yes {{1}} is you, right?", "a"), nil},
		{"named newline", namedBody("Hello {{first_name}}, your order is ready now.",
			map[string]string{"first_name": "Ma\nria"}),
			[]want{{"body.named_examples.first_name", keyExampleSpace, nil}}},
	})
}
