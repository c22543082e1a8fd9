package mg

import (
	"encoding/json"
	"testing"
)

func TestTemplateItemJSON(t *testing.T) {
	t.Parallel()
	// Marshal writes the v1 form, which MG has accepted for years.
	for _, tc := range []struct {
		item TemplateItem
		want string
	}{
		{TemplateItem{Text: "Hola "}, `"Hola "`},
		{TemplateItem{IsVar: true}, `{}`},
		{TemplateItem{IsVar: true, Var: "custom"}, `{}`},
		{TemplateItem{IsVar: true, Var: "first_name"}, `{"var":"first_name"}`},
	} {
		b, err := json.Marshal(tc.item)
		if err != nil || string(b) != tc.want {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", tc.item, b, err, tc.want)
		}
	}
	// Unmarshal also reads the generated client's {"text"} / numeric var form.
	for _, tc := range []struct {
		in      string
		want    TemplateItem
		wantErr bool
	}{
		{in: `"x"`, want: TemplateItem{Text: "x"}},
		{in: `{"text":"x"}`, want: TemplateItem{Text: "x"}},
		{in: `{}`, want: TemplateItem{IsVar: true, Var: "custom"}},
		{in: `{"var":"name"}`, want: TemplateItem{IsVar: true, Var: "name"}},
		{in: `{"var":2}`, want: TemplateItem{IsVar: true, Var: "first_name"}},
		{in: `{"var":9}`, wantErr: true},
		{in: `{"var":true}`, wantErr: true},
		{in: `7`, wantErr: true},
		{in: `[]`, wantErr: true},
	} {
		var got TemplateItem
		err := json.Unmarshal([]byte(tc.in), &got)
		if (err != nil) != tc.wantErr || (!tc.wantErr && got != tc.want) {
			t.Errorf("Unmarshal(%s) = %+v, %v; want %+v (error %v)", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}
