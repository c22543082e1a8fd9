package sandbox

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// multipartBody builds a form with fields and, when file is not nil, a file.
func multipartBody(t *testing.T, fields map[string]string, file []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if file != nil {
		fw, err := mw.CreateFormFile("file", "upload.bin")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(file)
	}
	_ = mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// TestPageAPIRefusesBadInput: every action of the page answers wrong input
// with 400 and a JSON error saying what is wrong, and changes nothing.
func TestPageAPIRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := startPageEnv(t, 1)
	textOnly, textForm := multipartBody(t, map[string]string{"caption": "hi"}, nil)
	pdfType, pdfForm := multipartBody(t, nil, []byte("%PDF-1.4 not a picture"))
	sampleOld, sampleForm := multipartBody(t, map[string]string{"sample": "1", "age_hours": "1000"}, nil)
	const js = "application/json"
	tests := []struct {
		name, path, contentType, body, want string
	}{
		{"not JSON", "customer/text", js, `text=hi`, "invalid JSON"},
		{"two JSON values", "customer/text", js, `{"text":"a"} {"text":"b"}`, "more than one value"},
		{"unknown field", "customer/text", js, `{"txt":"hi"}`, "unknown field"},
		{"empty text", "customer/text", js, `{"text":"  "}`, "text is required"},
		{"text too long", "customer/text", js, `{"text":"` + strings.Repeat("a", 4097) + `"}`, "at most 4096"},
		{"dated too far back", "customer/text", js, `{"text":"hi","age_hours":1000}`, "age_hours"},
		{"image as JSON", "customer/image", js, `{"sample":true}`, "multipart/form-data"},
		{"image without file", "customer/image", textOnly, string(textForm), "a file or sample=1"},
		{"image not a picture", "customer/image", pdfType, string(pdfForm), "JPEG or PNG"},
		{"image dated too far back", "customer/image", sampleOld, string(sampleForm), "age_hours"},
		{"location without latitude", "customer/location", js, `{"longitude":1}`, "latitude"},
		{"location off the globe", "customer/location", js, `{"latitude":10,"longitude":200}`, "longitude"},
		{"reaction without emoji", "customer/reaction", js, `{"message_id":"wamid.X"}`, "emoji"},
		{"reaction to an unknown message", "customer/reaction", js, `{"message_id":"wamid.X","emoji":"👍"}`, "not a business message"},
		{"button of an unknown message", "customer/button", js, `{"message_id":"wamid.X","kind":"quick_reply","title":"Yes"}`, "not a business message"},
		{"operator without text", "operator/text", js, `{}`, "text is required"},
		{"operator quotes a stranger", "operator/text", js, `{"text":"hi","quote":"wamid.X"}`, "quote"},
		{"operator caption too long", "operator/image", js, `{"caption":"` + strings.Repeat("a", 1025) + `"}`, "caption"},
		{"unknown template", "operator/template", js, `{"code":"nope.en","body_args":[]}`, "not a template"},
		{"read a stranger", "operator/read", js, `{"external_id":"wamid.X"}`, "not a customer message"},
		{"fail nothing", "control/fail", js, `{"count":0,"code":131026,"mode":"status"}`, "count"},
		{"fail without code", "control/fail", js, `{"count":1,"mode":"status"}`, "code"},
		{"fail in an unknown way", "control/fail", js, `{"count":1,"code":131026,"mode":"sometimes"}`, "mode"},
		{"delay too long", "control/webhooks", js, `{"delay_seconds":999,"status_mode":"normal"}`, "delay_seconds"},
		{"unknown status mode", "control/webhooks", js, `{"delay_seconds":0,"status_mode":"chaos"}`, "status_mode"},
		{"MessageGateway neither up nor down", "control/mg", js, `{}`, "down"},
		{"template status", "control/template", js, `{"name":"spring_sale","language":"en","status":"paused"}`, "status"},
		{"template reason", "control/template", js, `{"name":"spring_sale","language":"en","status":"rejected","reason":"UGLY"}`, "reason"},
		{"template not waiting", "control/template", js, `{"name":"order_ready","language":"en","status":"approved"}`, "waiting for review"},
		{"sample with a body", "control/sample", js, `{"name":"x"}`, "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, out := pageCall(t, e, "POST", tt.path, tt.contentType, []byte(tt.body))
			msg, _ := dig(out, "error", "message").(string)
			if st != http.StatusBadRequest || dig(out, "error", "code") != "bad_request" || !strings.Contains(msg, tt.want) {
				t.Errorf("POST %s %.60s = %d %v, want 400 bad_request mentioning %q", tt.path, tt.body, st, out, tt.want)
			}
		})
	}
	if s := readState(t, e); len(s.Customer) != 0 || len(s.Operator) != 0 || s.Controls.FailPending != 0 ||
		s.Controls.MGDown || len(s.WATemplates) != 3 {
		t.Errorf("refused input changed the sandbox: %+v", s)
	}
	if st, out := pageCall(t, e, "GET", "media/404", "", nil); st != http.StatusNotFound || dig(out, "error", "code") != "not_found" {
		t.Errorf("unknown media: %d %v", st, out)
	}
}

// TestPageHeaders: the page runs under a policy without inline scripts or
// styles, and may show images from the CRM (MessageGateway's file URLs).
func TestPageHeaders(t *testing.T) {
	t.Parallel()
	e := startPageEnv(t, 1)
	resp, err := http.Get(e.ModuleURL + "/sandbox/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self';", "style-src 'self';", "img-src 'self' data: " + e.CRMURL + ";"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("page: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// dig walks a parsed JSON value by object keys.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}
