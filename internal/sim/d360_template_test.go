package sim

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// orderUpdate has an image header, two body variables, a quick reply and a
// URL button with a variable.
var orderUpdate = map[string]any{
	"name": "order_update", "language": "es", "category": "UTILITY",
	"components": []any{
		map[string]any{"type": "HEADER", "format": "IMAGE"},
		map[string]any{"type": "BODY", "text": "Hola {{1}}, tu pedido {{2}} está listo"},
		map[string]any{"type": "BUTTONS", "buttons": []any{
			map[string]any{"type": "QUICK_REPLY", "text": "OK"},
			map[string]any{"type": "URL", "text": "Ver", "url": "https://shop.example/orders/{{1}}"},
		}},
	},
}

func TestDialog360TemplatePaging(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	for _, n := range []string{"e_tpl", "b_tpl", "d_tpl", "a_tpl", "c_tpl"} {
		b.sim.AddTemplate(testKey, map[string]any{"name": n, "language": "en", "components": []any{}})
	}
	b.sim.SetTemplateStatus(testKey, "c_tpl", "en", "rejected", "INVALID_FORMAT")
	var names []string
	for offset := 0; ; offset += 2 {
		st, page := call(t, "GET", fmt.Sprintf("%s/v1/configs/templates?limit=2&offset=%d", b.url, offset), b.key(), nil)
		if st != 200 || page["total"] != 5.0 || page["limit"] != 2.0 || page["offset"] != float64(offset) {
			t.Fatalf("page at %d: %d %v", offset, st, page)
		}
		for _, tpl := range page["waba_templates"].([]any) {
			names = append(names, dig(tpl, "name").(string))
		}
		if offset+int(page["count"].(float64)) >= 5 {
			break
		}
	}
	if diff := cmp.Diff([]string{"a_tpl", "b_tpl", "c_tpl", "d_tpl", "e_tpl"}, names); diff != "" {
		t.Errorf("names over all pages (-want +got):\n%s", diff)
	}
	filter := url.QueryEscape(`{"status":"REJECTED"}`)
	_, page := call(t, "GET", b.url+"/v1/configs/templates?filters="+filter, b.key(), nil)
	if page["total"] != 1.0 || dig(page, "waba_templates", 0, "rejected_reason") != "INVALID_FORMAT" {
		t.Errorf("filtered: %v", page)
	}
}

func TestDialog360TemplateCreateAndDelete(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	body := func(name, lang string) map[string]any {
		return map[string]any{"name": name, "language": lang, "category": "MARKETING", "allow_category_change": true,
			"components": []any{map[string]any{"type": "BODY", "text": "Hi {{1}}", "example": map[string]any{"body_text": []any{[]any{"Ana"}}}}}}
	}
	tests := []struct {
		name   string
		body   map[string]any
		status int
	}{
		{"upper case name", body("Promo", "en"), 400},
		{"dash in name", body("promo-1", "en"), 400},
		{"no body component", map[string]any{"name": "x", "language": "en", "category": "UTILITY", "components": []any{}}, 400},
		{"bad category", map[string]any{"name": "x", "language": "en", "category": "OTP", "components": []any{map[string]any{"type": "BODY", "text": "x"}}}, 400},
		{"valid", body("promo_1", "en"), 201},
		{"second language", body("promo_1", "es"), 201},
		{"same language again", body("promo_1", "en"), 400},
	}
	for _, tt := range tests {
		st, resp := call(t, "POST", b.url+"/v1/configs/templates", b.key(), tt.body)
		if st != tt.status {
			t.Errorf("%s: %d %v, want %d", tt.name, st, resp, tt.status)
		}
		if st == 201 && resp["status"] != "submitted" {
			t.Errorf("%s: new template status %v, want submitted", tt.name, resp["status"])
		}
	}
	if n := len(b.sim.Templates(testKey)); n != 2 {
		t.Fatalf("%d templates, want 2", n)
	}
	if st, _ := call(t, "DELETE", b.url+"/v1/configs/templates/promo_1", b.key(), nil); st != 200 {
		t.Errorf("delete: %d", st)
	}
	if n := len(b.sim.Templates(testKey)); n != 0 {
		t.Errorf("delete must remove all languages; %d left", n)
	}
	if st, _ := call(t, "DELETE", b.url+"/v1/configs/templates/promo_1", b.key(), nil); st != 404 {
		t.Errorf("delete again: %d, want 404", st)
	}
}

func TestDialog360TemplateSendValidation(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	b.register(t)
	b.sim.AddTemplate(testKey, orderUpdate)
	b.sim.AddTemplate(testKey, map[string]any{"name": "pending_one", "language": "es", "status": "pending",
		"components": []any{map[string]any{"type": "BODY", "text": "x"}}})
	header := map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "image", "image": map[string]any{"link": "https://x/y.jpg"}}}}
	body2 := map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "text", "text": "Ana"}, map[string]any{"type": "text", "text": "42"}}}
	body1 := map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "text", "text": "Ana"}}}
	urlBtn := map[string]any{"type": "button", "sub_type": "url", "index": "1", "parameters": []any{map[string]any{"type": "text", "text": "42"}}}
	qrBtn := map[string]any{"type": "button", "sub_type": "quick_reply", "index": 0, "parameters": []any{map[string]any{"type": "payload", "payload": "OK_42"}}}
	textHeader := map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "text", "text": "x"}}}
	badIndex := map[string]any{"type": "button", "sub_type": "url", "index": "5", "parameters": []any{}}
	tests := []struct {
		name  string
		tpl   string
		lang  string
		comps []any
		code  int // 0 = accepted
	}{
		{"complete", "order_update", "es", []any{header, body2, urlBtn}, 0},
		{"with quick reply payload", "order_update", "es", []any{header, body2, qrBtn, urlBtn}, 0},
		{"unknown name", "nope", "es", nil, 132001},
		{"unknown language", "order_update", "en", []any{header, body2, urlBtn}, 132001},
		{"not approved", "pending_one", "es", nil, 132001},
		{"body count", "order_update", "es", []any{header, body1, urlBtn}, 132000},
		{"missing header", "order_update", "es", []any{body2, urlBtn}, 132000},
		{"missing url parameter", "order_update", "es", []any{header, body2}, 132000},
		{"button index out of range", "order_update", "es", []any{header, body2, urlBtn, badIndex}, 132000},
		{"text for image header", "order_update", "es", []any{textHeader, body2, urlBtn}, 132012},
	}
	for _, tt := range tests {
		tpl := map[string]any{"name": tt.tpl, "language": map[string]any{"code": tt.lang}}
		if tt.comps != nil {
			tpl["components"] = tt.comps
		}
		st, resp := call(t, "POST", b.url+"/messages", b.key(), map[string]any{
			"messaging_product": "whatsapp", "to": "34600111222", "type": "template", "template": tpl,
		})
		switch {
		case tt.code == 0 && (st != 200 || dig(resp, "messages", 0, "message_status") != "accepted"):
			t.Errorf("%s: %d %v, want accepted", tt.name, st, resp)
		case tt.code != 0 && (st != 400 || dig(resp, "error", "code") != float64(tt.code)):
			t.Errorf("%s: %d %v, want 400 code %d", tt.name, st, resp, tt.code)
		}
	}
	idle(t, b.sim)
	st := dig(parse(t, b.hook.requests()[0].Body), "entry", 0, "changes", 0, "value", "statuses", 0, "pricing")
	if diff := cmp.Diff(map[string]any{"pricing_model": "PMP", "type": "regular", "category": "utility"}, st); diff != "" {
		t.Errorf("template pricing (-want +got):\n%s", diff)
	}
}

func TestDialog360SendValidation(t *testing.T) {
	t.Parallel()
	b := setupD360(t)
	mediaID := b.sim.AddMedia(testKey, []byte("\x89PNG fake"), "image/png")
	msg := func(kv ...any) map[string]any {
		m := map[string]any{"messaging_product": "whatsapp", "to": "34600111222"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name string
		body any
		code int // 0 = accepted
	}{
		{"not JSON", []byte("{"), 100},
		{"no messaging_product", map[string]any{"to": "1", "type": "text", "text": map[string]any{"body": "x"}}, 100},
		{"no recipient", map[string]any{"messaging_product": "whatsapp", "type": "text", "text": map[string]any{"body": "x"}}, 100},
		{"type without object", msg("type", "text"), 100},
		{"empty text", msg("type", "text", "text", map[string]any{"body": ""}), 100},
		{"unknown type", msg("type", "hologram", "hologram", map[string]any{}), 100},
		{"text", msg("type", "text", "text", map[string]any{"body": "hola"}), 0},
		{"image by unknown id", msg("type", "image", "image", map[string]any{"id": "999"}), 131009},
		{"image by id", msg("type", "image", "image", map[string]any{"id": mediaID, "caption": "c"}), 0},
		{"document by link", msg("type", "document", "document", map[string]any{"link": "https://x/a.pdf", "filename": "a.pdf"}), 0},
		{"audio with caption", msg("type", "audio", "audio", map[string]any{"link": "https://x/a.ogg", "caption": "no"}), 100},
		{"location", msg("type", "location", "location", map[string]any{"latitude": 1.5, "longitude": 2.5}), 0},
		{"reaction without message", msg("type", "reaction", "reaction", map[string]any{"emoji": "👍"}), 100},
		{"reply buttons", msg("type", "interactive", "interactive", map[string]any{"type": "button", "body": map[string]any{"text": "?"},
			"action": map[string]any{"buttons": []any{map[string]any{"type": "reply", "reply": map[string]any{"id": "y", "title": "Yes"}}}}}), 0},
		{"four buttons", msg("type", "interactive", "interactive", map[string]any{"type": "button", "body": map[string]any{"text": "?"},
			"action": map[string]any{"buttons": []any{1, 2, 3, 4}}}), 100},
	}
	for _, tt := range tests {
		st, resp := call(t, "POST", b.url+"/messages", b.key(), tt.body)
		switch {
		case tt.code == 0 && (st != 200 || dig(resp, "messages", 0, "id") == nil):
			t.Errorf("%s: %d %v, want accepted", tt.name, st, resp)
		case tt.code != 0 && (st != 400 || dig(resp, "error", "code") != float64(tt.code)):
			t.Errorf("%s: %d %v, want 400 code %d", tt.name, st, resp, tt.code)
		}
	}
}
