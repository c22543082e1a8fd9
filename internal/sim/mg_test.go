package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMGAuthAndDown(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	b.register(t)
	st, body := call(t, "GET", b.url+"/mg/api/transport/v1/channels", map[string]string{"X-Transport-Token": "wrong"}, nil)
	if errs, _ := body["errors"].([]any); st != 401 || len(errs) != 1 {
		t.Errorf("wrong token: %d %v", st, body)
	}
	b.sim.SetDown(true)
	if st, body := b.mg(t, "GET", "/channels", nil); st != 503 || body["errors"] == nil {
		t.Errorf("down: %d %v", st, body)
	}
	b.sim.SetDown(false)
	if st, _ := b.mg(t, "GET", "/channels", nil); st != 200 {
		t.Errorf("up again: %d", st)
	}
}

func TestMGChannels(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	b.register(t)
	for name, body := range map[string]any{
		"no type":      map[string]any{"name": "x"},
		"unknown type": map[string]any{"type": "pigeon"},
		"long name":    map[string]any{"type": "whatsapp", "name": string(bytes.Repeat([]byte("n"), 101))},
	} {
		if st, _ := b.mg(t, "POST", "/channels", body); st != 400 {
			t.Errorf("%s: %d, want 400", name, st)
		}
	}
	st, resp := b.mg(t, "POST", "/channels", map[string]any{"type": "whatsapp", "name": "Shop", "external_id": "acc-1"})
	if st != 201 || resp["external_id"] != "acc-1" || resp["activated_at"] == nil {
		t.Fatalf("activate: %d %v", st, resp)
	}
	id := int64(resp["id"].(float64))
	if st, _ := b.mg(t, "PUT", "/channels/"+itoa(id), map[string]any{"name": "Shop ES", "settings": map[string]any{"text": map[string]any{"creating": "both"}}}); st != 200 {
		t.Errorf("update: %d", st)
	}
	if st, _ := b.mg(t, "PUT", "/channels/999", map[string]any{"name": "x"}); st != 404 {
		t.Errorf("update unknown: %d", st)
	}
	_, raw := callRaw(t, "GET", b.url+"/mg/api/transport/v1/channels?active=true", map[string]string{"X-Transport-Token": b.token}, nil)
	var list []map[string]any
	if err := json.Unmarshal(raw, &list); err != nil || len(list) != 1 || list[0]["name"] != "Shop ES" || list[0]["is_active"] != true {
		t.Errorf("list: %s", raw)
	}
	if st, resp := b.mg(t, "DELETE", "/channels/"+itoa(id), nil); st != 200 || resp["deactivated_at"] == nil {
		t.Errorf("deactivate: %d %v", st, resp)
	}
	chs := b.sim.Channels()
	if len(chs) != 1 || chs[0].Active || chs[0].Name != "Shop ES" || dig(chs[0].Settings, "text", "creating") != "both" {
		t.Errorf("Channels: %+v", chs)
	}
	_, raw = callRaw(t, "GET", b.url+"/mg/api/transport/v1/channels?active=true", map[string]string{"X-Transport-Token": b.token}, nil)
	if string(bytes.TrimSpace(raw)) != "[]" {
		t.Errorf("active list after deactivation: %s", raw)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// inbound is a valid POST /messages body.
func inbound(ch int64, externalID string) map[string]any {
	return map[string]any{
		"channel":          ch,
		"external_chat_id": "34600111222",
		"originator":       "customer",
		"customer":         map[string]any{"external_id": "ES.15", "nickname": "Ana Ruiz", "phone": "+34600111222"},
		"message":          map[string]any{"type": "text", "external_id": externalID, "text": "Hola"},
		"reply_deadline":   "2026-11-25T10:00:00Z",
	}
}

func TestMGSendMessageValidation(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	ch := b.activate(t)
	with := func(f func(m map[string]any)) map[string]any {
		m := inbound(ch, "wamid.V")
		f(m)
		return m
	}
	tests := []struct {
		name string
		body map[string]any
		want string // error, "" = accepted
	}{
		{"unknown channel", with(func(m map[string]any) { m["channel"] = 999 }), "Channel not found"},
		{"no customer", with(func(m map[string]any) { delete(m, "customer") }), "customer.external_id: required, at most 64 characters"},
		{"no nickname", with(func(m map[string]any) { m["customer"] = map[string]any{"external_id": "x"} }), "customer.nickname: required, at most 255 characters"},
		{"no external_id", with(func(m map[string]any) { m["message"] = map[string]any{"type": "text", "text": "x"} }), "message.external_id: required, at most 255 characters"},
		{"bad type", with(func(m map[string]any) { m["message"] = map[string]any{"type": "sticker", "external_id": "a"} }), "message.type: unknown type"},
		{"image without items", with(func(m map[string]any) { m["message"] = map[string]any{"type": "image", "external_id": "a"} }), "message.items: 1 to 20 items required for type image"},
		{"unknown file", with(func(m map[string]any) {
			m["message"] = map[string]any{"type": "file", "external_id": "a", "items": []any{map[string]any{"id": "00000000-0000-4000-8000-000000000000"}}}
		}), "message.items: file 00000000-0000-4000-8000-000000000000 not found"},
		{"bad originator", with(func(m map[string]any) { m["originator"] = "robot" }), "originator: must be customer, channel or user"},
		{"valid", inbound(ch, "wamid.A"), ""},
		{"duplicate external_id", inbound(ch, "wamid.A"), "Message with passed external_id already exists"},
	}
	for _, tt := range tests {
		st, resp := b.mg(t, "POST", "/messages", tt.body)
		if tt.want == "" {
			if st != 200 || resp["message_id"] == nil || resp["time"] == nil {
				t.Errorf("%s: %d %v", tt.name, st, resp)
			}
			continue
		}
		if diff := cmp.Diff(map[string]any{"errors": []any{tt.want}}, resp); st != 400 || diff != "" {
			t.Errorf("%s: status %d (-want +got):\n%s", tt.name, st, diff)
		}
	}
	if _, err := b.sim.WaitMessages(context.Background(), ch, 1); err != nil {
		t.Fatal(err)
	}
	m := b.sim.Messages(ch)
	if len(m) != 1 {
		t.Fatalf("%d messages recorded, want 1", len(m))
	}
	if m[0].CustomerExternalID != "ES.15" || m[0].ExternalChatID != "34600111222" || m[0].Originator != "customer" ||
		!m[0].ReplyDeadline.Equal(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)) || dig(m[0].Body, "customer", "phone") != "+34600111222" {
		t.Errorf("recorded message: %+v", m[0])
	}
	b.mg(t, "DELETE", "/channels/"+itoa(ch), nil)
	if st, resp := b.mg(t, "POST", "/messages", inbound(ch, "wamid.B")); st != 400 || dig(resp, "errors", 0) != "Channel is not active" {
		t.Errorf("inactive channel: %d %v", st, resp)
	}
}

func TestMGQuoteItemsEditDeleteReaction(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	ch := b.activate(t)
	b.mg(t, "POST", "/messages", inbound(ch, "wamid.A"))
	st, up := callRaw(t, "POST", b.url+"/mg/api/transport/v1/files/upload",
		map[string]string{"X-Transport-Token": b.token, "Content-Type": "image/png"}, []byte("\x89PNG raw"))
	fileID := parse(t, up)["id"].(string)
	if st != 200 || parse(t, up)["type"] != "image" {
		t.Fatalf("raw upload: %d %s", st, up)
	}
	msg := inbound(ch, "wamid.B")
	msg["quote"] = map[string]any{"external_id": "wamid.A"}
	msg["message"] = map[string]any{"type": "image", "external_id": "wamid.B", "note": "photo", "items": []any{map[string]any{"id": fileID, "caption": "photo"}}}
	if st, resp := b.mg(t, "POST", "/messages", msg); st != 200 || resp["warnings"] != nil {
		t.Fatalf("quoted image: %d %v", st, resp)
	}
	if st, _ := b.mg(t, "PUT", "/messages", map[string]any{"channel": ch, "message": map[string]any{"external_id": "wamid.A", "text": "Hola!", "edited_at": 1}}); st != 200 {
		t.Errorf("edit: %d", st)
	}
	if st, _ := b.mg(t, "POST", "/messages/reaction", map[string]any{"channel": ch, "message": map[string]any{"external_id": "wamid.A"}, "reaction": "👍"}); st != 200 {
		t.Errorf("reaction: %d", st)
	}
	if st, _ := b.mg(t, "DELETE", "/messages/reaction", map[string]any{"channel": ch, "message": map[string]any{"external_id": "wamid.A"}}); st != 200 {
		t.Errorf("reaction delete: %d", st)
	}
	if st, _ := b.mg(t, "DELETE", "/messages", map[string]any{"channel": ch, "message": map[string]any{"external_id": "wamid.B"}}); st != 200 {
		t.Errorf("delete: %d", st)
	}
	if st, _ := b.mg(t, "DELETE", "/messages", map[string]any{"channel": ch, "message": map[string]any{"external_id": "wamid.none"}}); st != 404 {
		t.Errorf("delete unknown: %d", st)
	}
	m := b.sim.Messages(ch)
	if m[0].Text != "Hola!" || !cmp.Equal(m[0].Edits, []string{"Hola!"}) || !m[1].Deleted || m[1].QuoteID != m[0].ID ||
		m[1].QuoteExternalID != "wamid.A" || !cmp.Equal(m[1].Items, []Item{{Caption: "photo", ID: fileID}}) {
		t.Errorf("messages: %+v", m)
	}
	r := b.sim.Reactions()
	if len(r) != 2 || r[0].Reaction != "👍" || r[0].MessageID != m[0].ID || !r[1].Removed {
		t.Errorf("reactions: %+v", r)
	}
}

func TestMGFiles(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	b.register(t)
	data := []byte("%PDF-1.4 invoice")
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write(data)
	}))
	t.Cleanup(src.Close)

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "invoice.pdf")
	_, _ = fw.Write(data)
	_ = mw.Close()
	tok := map[string]string{"X-Transport-Token": b.token}
	uploads := map[string]func() (int, map[string]any){
		"multipart": func() (int, map[string]any) {
			return call(t, "POST", b.url+"/mg/api/transport/v1/files/upload",
				map[string]string{"X-Transport-Token": b.token, "Content-Type": mw.FormDataContentType()}, buf.Bytes())
		},
		"raw body": func() (int, map[string]any) {
			return call(t, "POST", b.url+"/mg/api/transport/v1/files/upload",
				map[string]string{"X-Transport-Token": b.token, "Content-Type": "application/pdf"}, data)
		},
		"by url": func() (int, map[string]any) {
			return call(t, "POST", b.url+"/mg/api/transport/v1/files/upload_by_url", tok, map[string]any{"url": src.URL + "/invoice.pdf"})
		},
	}
	for name, up := range uploads {
		st, resp := up()
		id, _ := resp["id"].(string)
		if st != 200 || id == "" || resp["size"] != float64(len(data)) || resp["mime_type"] != "application/pdf" || resp["type"] != "file" {
			t.Errorf("%s: upload %d %v", name, st, resp)
			continue
		}
		st, meta := call(t, "GET", b.url+"/mg/api/transport/v1/files/"+id, tok, nil)
		if st != 200 || meta["id"] != id || meta["mime_type"] != "application/pdf" {
			t.Errorf("%s: GET file %d %v", name, st, meta)
			continue
		}
		if st, got := download(t, meta["url"].(string), nil); st != 200 || !bytes.Equal(got, data) {
			t.Errorf("%s: download %d %q", name, st, got)
		}
	}
	if st, _ := call(t, "GET", b.url+"/mg/api/transport/v1/files/nope", tok, nil); st != 404 {
		t.Errorf("unknown file: %d", st)
	}
	src.Close()
	if st, _ := call(t, "POST", b.url+"/mg/api/transport/v1/files/upload_by_url", tok, map[string]any{"url": src.URL + "/gone"}); st != 400 {
		t.Errorf("upload_by_url from a dead source: %d, want 400", st)
	}
}

func TestMGTemplates(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	ch := b.activate(t)
	tpl := map[string]any{"code": "order_update#es", "name": "order_update", "type": "text", "lang": "es", "category": "utility",
		"body": "Hola {{1}}", "template": []any{"Hola ", map[string]any{"var": "first_name"}}, "verification_status": "approved"}
	base := "/channels/" + itoa(ch) + "/templates"
	if st, _ := b.mg(t, "POST", base, map[string]any{"name": "x", "type": "text"}); st != 400 {
		t.Errorf("no code: %d, want 400", st)
	}
	if st, _ := b.mg(t, "POST", "/channels/999/templates", tpl); st != 404 {
		t.Errorf("unknown channel: %d, want 404", st)
	}
	if st, _ := b.mg(t, "POST", base, tpl); st != 201 {
		t.Fatalf("activate: %d", st)
	}
	if st, _ := b.mg(t, "POST", base, tpl); st != 400 {
		t.Errorf("duplicate code: %d, want 400", st)
	}
	upd := map[string]any{"name": "order_update", "body": "Hola {{1}}!", "verification_status": "paused"}
	if st, _ := b.mg(t, "PUT", base+"/order_update%23es", upd); st != 200 {
		t.Errorf("update: %d", st)
	}
	_, raw := callRaw(t, "GET", b.url+"/mg/api/transport/v1/templates", map[string]string{"X-Transport-Token": b.token}, nil)
	var list []map[string]any
	if err := json.Unmarshal(raw, &list); err != nil || len(list) != 1 || list[0]["code"] != "order_update#es" ||
		list[0]["verification_status"] != "paused" || list[0]["channel_id"] != float64(ch) {
		t.Errorf("list: %s", raw)
	}
	if got := b.sim.Templates(ch); len(got) != 1 || got[0].Type != "text" || got[0].Body["body"] != "Hola {{1}}!" {
		t.Errorf("Templates: %+v", got)
	}
	if st, _ := b.mg(t, "DELETE", base+"/order_update%23es", nil); st != 200 {
		t.Errorf("delete: %d", st)
	}
	if st, _ := b.mg(t, "DELETE", base+"/order_update%23es", nil); st != 404 {
		t.Errorf("delete again: %d, want 404", st)
	}
}
