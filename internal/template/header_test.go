package template

import (
	"strings"
	"testing"
)

func header(h *Header) func(*Draft) { return func(d *Draft) { d.Header = h } }

func TestHeader(t *testing.T) {
	t.Parallel()
	const f = "header.text"
	runRules(t, validMedia, []ruleCase{
		{"none", header(nil), nil},
		{"all empty", header(&Header{}), nil},
		{"text without variable", header(&Header{Format: "text", Text: "Your order"}), nil},
		{"60 chars", header(&Header{Format: HeaderText, Text: strings.Repeat("é", 60)}), nil},
		{"location", header(&Header{Format: HeaderLocation}), nil},
		{"image handle", header(&Header{Format: HeaderImage, MediaHandle: "4::aW1hZ2U="}), nil},
		{"video url", header(&Header{Format: "video", MediaURL: "https://cdn.example/v.mp4"}), nil},
		{"named variable", func(d *Draft) {
			d.ParameterFormat = FormatNamed
			d.Header = &Header{Format: HeaderText, Text: "Order {{order_id}}", Example: "A-1"}
			d.Body = Body{Text: "Your order is ready for pickup."}
		}, nil},
		{"unknown format", header(&Header{Format: "GIF", MediaURL: "https://cdn.example/a.gif"}),
			[]want{{"header.format", keyHeaderFormat, map[string]any{"Value": "GIF"}}}},
		{"no format", header(&Header{Text: "Hi"}),
			[]want{{"header.format", keyHeaderFormat, map[string]any{"Value": ""}}}},
		{"text empty", header(&Header{Format: HeaderText}), []want{{f, keyHeaderText, nil}}},
		{"61 chars", header(&Header{Format: HeaderText, Text: strings.Repeat("é", 61)}),
			[]want{{f, keyHeaderTooLong, map[string]any{"Max": 60, "Length": 61}}}},
		{"two variables", header(&Header{Format: HeaderText, Text: "Order {{1}} for {{2}}", Example: "A"}),
			[]want{{f, keyHeaderVars, map[string]any{"Found": 2}}}},
		{"same variable twice", header(&Header{Format: HeaderText, Text: "{{1}} and {{1}}", Example: "A"}),
			[]want{{f, keyHeaderVars, nil}}},
		{"variable without example", header(&Header{Format: HeaderText, Text: "Order {{1}}"}),
			[]want{{"header.example", keyExampleRequired, map[string]any{"Variable": "{{1}}"}}}},
		{"example with tab", header(&Header{Format: HeaderText, Text: "Order {{1}}", Example: "A\t1"}),
			[]want{{"header.example", keyExampleSpace, nil}}},
		{"variable not 1", header(&Header{Format: HeaderText, Text: "Order {{2}}", Example: "A"}),
			[]want{{f, keyVarSequence, map[string]any{"Missing": "{{1}}"}}}},
		{"malformed", header(&Header{Format: HeaderText, Text: "Order {{ 1 }}"}),
			[]want{{f, keyVarMalformed, nil}}},
		{"named variable in positional format", header(&Header{Format: HeaderText, Text: "Order {{id}}", Example: "A"}),
			[]want{{f, keyVarNeedNamed, nil}}},
		{"image without sample", header(&Header{Format: HeaderImage}),
			[]want{{"header.media_url", keyHeaderMedia, nil}}},
		{"document ftp url", header(&Header{Format: HeaderDocument, MediaURL: "ftp://files.example/a.pdf"}),
			[]want{{"header.media_url", keyHeaderMediaURL, nil}}},
		{"document relative url", header(&Header{Format: HeaderDocument, MediaURL: "a.pdf"}),
			[]want{{"header.media_url", keyHeaderMediaURL, nil}}},
	})
}

func TestFooter(t *testing.T) {
	t.Parallel()
	runRules(t, validMedia, []ruleCase{
		{"none", func(d *Draft) { d.Footer = "" }, nil},
		{"60 chars", func(d *Draft) { d.Footer = strings.Repeat("ü", 60) }, nil},
		{"61 chars", func(d *Draft) { d.Footer = strings.Repeat("ü", 61) },
			[]want{{"footer", keyFooterTooLong, map[string]any{"Max": 60, "Length": 61}}}},
		{"variable", func(d *Draft) { d.Footer = "Sent to {{1}}" }, []want{{"footer", keyFooterVars, nil}}},
		{"malformed variable", func(d *Draft) { d.Footer = "Sent to {{ name" }, []want{{"footer", keyFooterVars, nil}}},
	})
}
