package sim

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// replyWith makes the module answer every webhook with v.
func replyWith(v any) func([]byte) []byte {
	return func([]byte) []byte { b, _ := json.Marshal(v); return b }
}

func TestMGOperatorSend(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	ch := b.activate(t)
	b.mg(t, "POST", "/messages", inbound(ch, "wamid.IN"))
	b.module.reply = replyWith(map[string]any{"external_message_id": "wamid.OUT", "async": false})

	id, res, err := b.sim.OperatorSend(ch, "34600111222", "¿Qué hora te va bien?", Quote("wamid.IN"))
	if err != nil {
		t.Fatal(err)
	}
	if res.HTTPStatus != 200 || res.ExternalMessageID != "wamid.OUT" || b.sim.MessageStatus(id) != MGSent {
		t.Errorf("result %+v, status %q", res, b.sim.MessageStatus(id))
	}
	reqs := b.module.requests()
	if len(reqs) != 1 || reqs[0].Path != "/mg/webhook" || reqs[0].Header.Get("Clientid") != clientID {
		t.Fatalf("webhook request: %+v", reqs)
	}
	golden(t, "mg_message_sent.json", reqs[0].Body)

	// The customer reads it: the transport reports the read by external id.
	if st, _ := b.mg(t, "POST", "/messages/read", map[string]any{"channel_id": ch, "message": map[string]any{"external_id": "wamid.OUT"}}); st != 200 {
		t.Fatalf("read: %d", st)
	}
	if got := b.sim.MessageStatus(id); got != MGSeen {
		t.Errorf("status after read %q, want %q", got, MGSeen)
	}
	if r := b.sim.Reads(); len(r) != 1 || r[0].MessageID != id {
		t.Errorf("Reads: %+v", r)
	}
}

func TestMGOperatorSendOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		reply   []byte
		ack     map[string]any // posted to /messages/ack afterwards (message id filled in)
		want    string
		wantErr string
	}{
		{name: "sent", status: 200, reply: []byte(`{"external_message_id":"wamid.1"}`), want: MGSent},
		{name: "refused synchronously", status: 200,
			reply: []byte(`{"error":{"code":"reply_timed_out","message":"24 h window closed","external_code":"131047"}}`),
			want:  MGFailed, wantErr: "reply_timed_out"},
		{name: "async then ack", status: 200, reply: []byte(`{"async":true}`),
			ack: map[string]any{"transport_message_id": "wamid.2"}, want: MGSent},
		{name: "async then failed ack", status: 200, reply: []byte(`{"async":true}`),
			ack:  map[string]any{"error": map[string]any{"code": "general", "message": "Message undeliverable", "external_code": "131026"}},
			want: MGFailed, wantErr: "general"},
		{name: "sent then failed ack", status: 200, reply: []byte(`{"external_message_id":"wamid.3"}`),
			ack:  map[string]any{"error": map[string]any{"code": "customer_not_exists", "message": "not on WhatsApp"}},
			want: MGFailed, wantErr: "customer_not_exists"},
		{name: "server error", status: 500, reply: []byte(`oops`), want: MGFailed, wantErr: "unknown"},
		{name: "no id", status: 200, reply: []byte(`{}`), want: MGFailed, wantErr: "malformed_response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setupCRM(t)
			ch := b.activate(t)
			b.module.answer = func(int) int { return tt.status }
			b.module.reply = func([]byte) []byte { return tt.reply }
			id, _, err := b.sim.OperatorSend(ch, "34600111222", "hi", ToCustomer("ES.15"))
			if err != nil {
				t.Fatal(err)
			}
			if tt.ack != nil {
				tt.ack["channel"] = ch
				tt.ack["message"] = map[string]any{"id": id}
				if st, resp := b.mg(t, "POST", "/messages/ack", tt.ack); st != 200 {
					t.Fatalf("ack: %d %v", st, resp)
				}
			}
			if got := b.sim.MessageStatus(id); got != tt.want {
				t.Errorf("status %q, want %q", got, tt.want)
			}
			gotErr := ""
			if e := b.sim.MessageError(id); e != nil {
				gotErr = e.Code
			}
			if gotErr != tt.wantErr {
				t.Errorf("error code %q, want %q", gotErr, tt.wantErr)
			}
		})
	}
}

func TestMGAckValidation(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	ch := b.activate(t)
	b.module.reply = replyWith(map[string]any{"async": true})
	id, _, _ := b.sim.OperatorSend(ch, "34600111222", "hi")
	tests := []struct {
		name   string
		body   map[string]any
		status int
	}{
		{"no channel", map[string]any{"message": map[string]any{"id": id}}, 400},
		{"unknown error code", map[string]any{"channel": ch, "message": map[string]any{"id": id}, "error": map[string]any{"code": "131047"}}, 400},
		{"unknown message", map[string]any{"channel": ch, "message": map[string]any{"id": 9999}}, 404},
		{"valid", map[string]any{"channel": ch, "message": map[string]any{"id": id}, "transport_message_id": "wamid.9"}, 200},
	}
	for _, tt := range tests {
		if st, resp := b.mg(t, "POST", "/messages/ack", tt.body); st != tt.status {
			t.Errorf("%s: %d %v, want %d", tt.name, st, resp, tt.status)
		}
	}
	acks := b.sim.Acks()
	if len(acks) != 1 || acks[0].MessageID != id || acks[0].TransportMessageID != "wamid.9" {
		t.Errorf("Acks: %+v", acks)
	}
	if ops := b.sim.OperatorMessages(ch); len(ops) != 1 || ops[0].ExternalID != "wamid.9" {
		t.Errorf("the ack's transport id must be kept: %+v", ops)
	}
}

func TestMGOperatorSendFileAndTemplate(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	ch := b.activate(t)
	b.module.reply = replyWith(map[string]any{"external_message_id": "wamid.F"})
	data := []byte("\x89PNG operator picture")
	if _, _, err := b.sim.OperatorSendFile(ch, "34600111222", FileSend{Caption: "Catálogo", Data: data, MIME: "image/png", Name: "cat.png"}); err != nil {
		t.Fatal(err)
	}
	sent := parse(t, b.module.requests()[0].Body)
	item := dig(sent, "data", "items", 0)
	if dig(sent, "data", "type") != "image" || dig(sent, "data", "content") != "Catálogo" ||
		dig(item, "caption") != "cat.png" || dig(item, "size") != float64(len(data)) {
		t.Fatalf("file webhook: %v", sent)
	}
	st, meta := b.mg(t, "GET", "/files/"+dig(item, "id").(string), nil)
	if st != 200 || meta["mime_type"] != "image/png" || meta["type"] != "image" {
		t.Fatalf("GET file: %d %v", st, meta)
	}
	if st, got := download(t, meta["url"].(string), nil); st != 200 || !bytes.Equal(got, data) {
		t.Errorf("download: %d", st)
	}

	_, _, err := b.sim.OperatorSendTemplate(ch, "34600111222", TemplateSend{Code: "order_update#es", Content: "Hola Ana", BodyArgs: []string{"Ana"}})
	if err != nil {
		t.Fatal(err)
	}
	tpl := dig(parse(t, b.module.requests()[1].Body), "data", "template")
	want := map[string]any{"code": "order_update#es", "variables": map[string]any{"body": map[string]any{"args": []any{"Ana"}}}}
	if diff := cmp.Diff(want, tpl); diff != "" {
		t.Errorf("template (-want +got):\n%s", diff)
	}
}

func TestMGOperatorEvents(t *testing.T) {
	t.Parallel()
	b := setupCRM(t)
	ch := b.activate(t)
	b.mg(t, "POST", "/messages", inbound(ch, "wamid.IN"))
	b.module.reply = replyWith(map[string]any{"external_message_id": "wamid.OUT"})
	id, _, _ := b.sim.OperatorSend(ch, "34600111222", "hi")
	steps := []struct {
		name string
		do   func() (OperatorResult, error)
		typ  string
		want map[string]any
	}{
		{"read", func() (OperatorResult, error) { return b.sim.OperatorRead(ch, "wamid.IN") }, "message_read",
			map[string]any{"channel_id": float64(ch), "external_chat_id": "34600111222", "external_user_id": "ES.15", "external_message_id": "wamid.IN"}},
		{"react", func() (OperatorResult, error) { return b.sim.OperatorReact(ch, "wamid.IN", "❤️", "") }, "reaction_add",
			map[string]any{"channel_id": float64(ch), "external_chat_id": "34600111222", "external_user_id": "ES.15", "external_message_id": "wamid.IN",
				"new_reaction": "❤️", "all_reactions": []any{map[string]any{"reaction": "❤️"}}}},
		{"unreact", func() (OperatorResult, error) { return b.sim.OperatorReact(ch, "wamid.IN", "", "❤️") }, "reaction_delete",
			map[string]any{"channel_id": float64(ch), "external_chat_id": "34600111222", "external_user_id": "ES.15", "external_message_id": "wamid.IN",
				"old_reaction": "❤️", "all_reactions": []any{}}},
		{"edit", func() (OperatorResult, error) { return b.sim.OperatorEdit(ch, id, "hello") }, "message_updated",
			map[string]any{"id": float64(id), "channel_id": float64(ch), "external_chat_id": "34600111222", "external_user_id": "ES.15",
				"external_message_id": "wamid.OUT", "content": "hello", "type": "text"}},
		{"delete", func() (OperatorResult, error) { return b.sim.OperatorDelete(ch, id) }, "message_deleted",
			map[string]any{"id": float64(id), "channel_id": float64(ch), "external_chat_id": "34600111222", "external_user_id": "ES.15", "external_message_id": "wamid.OUT"}},
	}
	for i, s := range steps {
		if _, err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		body := parse(t, b.module.requests()[i+1].Body)
		if body["type"] != s.typ {
			t.Errorf("%s: type %v, want %s", s.name, body["type"], s.typ)
		}
		if diff := cmp.Diff(s.want, body["data"]); diff != "" {
			t.Errorf("%s data (-want +got):\n%s", s.name, diff)
		}
	}
	if _, err := b.sim.OperatorRead(ch, "wamid.none"); err == nil {
		t.Error("reading an unknown message must be an error")
	}
	if n := len(b.sim.Webhooks()); n != 6 {
		t.Errorf("%d webhooks recorded, want 6", n)
	}
}
