package template

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVariables(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		vars []Variable
		bad  []Malformed
	}{
		{"no variables", nil, nil},
		{"Hi {{1}}, order {{12}}!", []Variable{
			{Name: "1", Index: 1, Start: 3, End: 8}, {Name: "12", Index: 12, Start: 16, End: 22},
		}, nil},
		{"{{first_name}} {{2fa_code}}", []Variable{
			{Name: "first_name", Start: 0, End: 14}, {Name: "2fa_code", Start: 15, End: 27},
		}, nil},
		{"ñ{{1}}", []Variable{{Name: "1", Index: 1, Start: 2, End: 7}}, nil},
		{"a {single} b", nil, nil},
		{"{{ 1 }}", nil, []Malformed{{Text: "{{ 1 }}", Start: 0, End: 7, Suggestion: "{{1}}"}}},
		{"x {{1} y", nil, []Malformed{{Text: "{{1}", Start: 2, End: 6, Suggestion: "{{1}}"}}},
		{"{{a b}}", nil, []Malformed{{Text: "{{a b}}", Start: 0, End: 7, Suggestion: "{{a_b}}"}}},
		{"{{01}}", nil, []Malformed{{Text: "{{01}}", Start: 0, End: 6, Suggestion: "{{1}}"}}},
		{"{{}}", nil, []Malformed{{Text: "{{}}", Start: 0, End: 4}}},
		{"{{12345}}", nil, []Malformed{{Text: "{{12345}}", Start: 0, End: 9}}},
		{"{{{1}}}", nil, []Malformed{{Text: "{{{1}}}", Start: 0, End: 7, Suggestion: "{{1}}"}}},
		{"{{1}}}", nil, []Malformed{{Text: "{{1}}}", Start: 0, End: 6, Suggestion: "{{1}}"}}},
		{"hi {{name  \nok", nil, []Malformed{{Text: "{{name", Start: 3, End: 9, Suggestion: "{{name}}"}}},
		{"a {{1 {{2}}", []Variable{{Name: "2", Index: 2, Start: 6, End: 11}},
			[]Malformed{{Text: "{{1", Start: 2, End: 5, Suggestion: "{{1}}"}}},
		{"see 1}} and {x}}", nil, []Malformed{
			{Text: "1}}", Start: 4, End: 7, Suggestion: "{{1}}"}, {Text: "{x}}", Start: 12, End: 16, Suggestion: "{{x}}"},
		}},
		{"{{", nil, []Malformed{{Text: "{{", Start: 0, End: 2}}},
	}
	for _, tc := range cases {
		vars, bad := Variables(tc.text)
		if diff := cmp.Diff(tc.vars, vars); diff != "" {
			t.Errorf("Variables(%q) vars (-want +got):\n%s", tc.text, diff)
		}
		if diff := cmp.Diff(tc.bad, bad); diff != "" {
			t.Errorf("Variables(%q) malformed (-want +got):\n%s", tc.text, diff)
		}
	}
}

func TestFill(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, got, want string
	}{
		{"positional", Fill("Hi {{1}}, order {{2}} ({{1}})", "Ann", "A-1"), "Hi Ann, order A-1 (Ann)"},
		{"missing example kept", Fill("Hi {{1}}, order {{2}}", "Ann"), "Hi Ann, order {{2}}"},
		{"empty example kept", Fill("Hi {{1}}", ""), "Hi {{1}}"},
		{"malformed kept", Fill("Hi {{ 1 }} {{1}}", "Ann"), "Hi {{ 1 }} Ann"},
		{"named ignored by Fill", Fill("Hi {{name}}", "Ann"), "Hi {{name}}"},
		{"example not re-expanded", Fill("{{1}} {{2}}", "{{2}}", "x"), "{{2}} x"},
		{"named", FillNamed("Hi {{name}}, {{x}}", map[string]string{"name": "Ann"}), "Hi Ann, {{x}}"},
		{"body preview", Body{Text: "Hi {{1}}", Examples: []string{"Ann"}}.Preview(), "Hi Ann"},
		{"named body preview", Body{Text: "Hi {{n}}", NamedExamples: map[string]string{"n": "Ann"}}.Preview(), "Hi Ann"},
		{"no variables", Fill("plain"), "plain"},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestStatusColor(t *testing.T) {
	t.Parallel()
	for status, want := range map[string]string{
		"draft": "grey", "submitted": "yellow", "PENDING": "yellow", "in_appeal": "yellow", "IN_APPEAL": "yellow",
		"approved": "green", "Approved": "green", "rejected": "red", "REJECTED": "red", "paused": "orange",
		"PAUSED": "orange", "disabled": "red-dark", "DISABLED": "red-dark", "": "grey", "created": "grey",
		"PENDING_DELETION": "grey", " approved ": "green",
	} {
		if got := StatusColor(status); got != want {
			t.Errorf("StatusColor(%q) = %q, want %q", status, got, want)
		}
	}
}
