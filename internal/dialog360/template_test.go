package dialog360

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTemplatesPaging checks three pages are fetched with advancing offsets
// and parsed, including mixed-case statuses and both example shapes.
func TestTemplatesPaging(t *testing.T) {
	t.Parallel()
	srv := newFakeAPI(t, ok(t, "responses/templates_page1.json"), ok(t, "responses/templates_page2.json"), ok(t, "responses/templates_page3.json"))
	got, err := New(srv.URL, nil).Templates(t.Context(), testKey)
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	var offsets []string
	for _, r := range reqs {
		q, _ := url.ParseQuery(r.RawQuery)
		if r.Method != "GET" || r.Path != "/v1/configs/templates" || q.Get("limit") != "1000" || r.Header.Get("D360-API-KEY") != testKey {
			t.Errorf("request %s %s?%s", r.Method, r.Path, r.RawQuery)
		}
		offsets = append(offsets, q.Get("offset"))
	}
	if d := cmp.Diff([]string{"0", "2", "4"}, offsets); d != "" {
		t.Errorf("offsets (-want +got):\n%s", d)
	}
	type row struct {
		Name, Language, Status string
		Approved               bool
	}
	var rows []row
	for _, tp := range got {
		rows = append(rows, row{tp.Name, tp.Language, tp.Status, tp.Approved()})
	}
	want := []row{
		{"appointment_reminder", "es", "approved", true},
		{"christmas_coupon", "es", "APPROVED", true},
		{"buy_now", "es", "rejected", false},
		{"invoice_ready", "en_US", "submitted", false},
		{"order_shipped", "pt_BR", "PAUSED", false},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("templates (-want +got):\n%s", d)
	}
	first, coupon := got[0], got[1]
	if first.QualityScore == nil || first.QualityScore.Score != "GREEN" || coupon.QualityScore == nil || coupon.QualityScore.Score != "UNKNOWN" {
		t.Errorf("quality scores %+v %+v", first.QualityScore, coupon.QualityScore)
	}
	wantHeader := Component{Type: "HEADER", Format: "TEXT", Text: "Cita {{1}}", Example: &ComponentExample{HeaderText: []string{"confirmada"}}}
	if d := cmp.Diff(wantHeader, first.Components[0]); d != "" {
		t.Errorf("header (-want +got):\n%s", d)
	}
	wantBody := Component{Type: "BODY", Text: "{{first_name}}, usa el código para un 10 % de descuento.",
		Example: &ComponentExample{BodyTextNamedParams: []NamedParam{{ParamName: "first_name", Example: "Ana"}}}}
	if d := cmp.Diff(wantBody, coupon.Components[0]); d != "" {
		t.Errorf("named body (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]Button{{Type: "COPY_CODE", Example: []string{"XMAS25"}}}, coupon.Components[1].Buttons); d != "" {
		t.Errorf("copy code button (-want +got):\n%s", d)
	}
	if coupon.ParameterFormat != "NAMED" || got[2].RejectedReason != "INVALID_FORMAT" {
		t.Errorf("parameter_format %q, rejected_reason %q", coupon.ParameterFormat, got[2].RejectedReason)
	}
}

// TestTemplatesStopsOnEmptyPage checks a server whose total is wrong cannot
// make the client loop.
func TestTemplatesStopsOnEmptyPage(t *testing.T) {
	t.Parallel()
	srv := newFakeAPI(t,
		reply{body: []byte(`{"count":1,"offset":0,"total":9,"waba_templates":[{"name":"a","status":"approved"}]}`)},
		reply{body: []byte(`{"count":0,"offset":1,"total":9,"waba_templates":[]}`)},
	)
	got, err := New(srv.URL, nil).Templates(t.Context(), testKey)
	if err != nil || len(got) != 1 || len(srv.requests()) != 2 {
		t.Errorf("got %d templates, %d requests, err %v; want 1, 2, nil", len(got), len(srv.requests()), err)
	}
}

// TestButtonExampleRoundTrip checks the COPY_CODE example is written as a
// string and a URL example as a list, and both read back as []string.
func TestButtonExampleRoundTrip(t *testing.T) {
	t.Parallel()
	in := []Button{{Type: "COPY_CODE", Example: []string{"XMAS25"}}, {Type: "URL", Text: "Ver", URL: "https://x.es/{{1}}", Example: []string{"https://x.es/1"}}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"type":"COPY_CODE","example":"XMAS25"},{"type":"URL","text":"Ver","url":"https://x.es/{{1}}","example":["https://x.es/1"]}]`
	if string(b) != want {
		t.Errorf("marshal = %s\nwant      %s", b, want)
	}
	var out []Button
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(in, out); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}
