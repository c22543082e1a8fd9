package relay

import (
	"encoding/json"
	"strings"
	"testing"
)

// An inbound job finds its message, and the sender's name, in the webhook
// that brought it; a job queued by an earlier version still carries a copy.
func TestInboundJobFindsItsMessage(t *testing.T) {
	webhook := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
		"value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"10"},
		"contacts":[{"profile":{"name":"Ana"},"wa_id":"5511"}],
		"messages":[
			{"from":"5511","id":"wamid.A","timestamp":"1700000000","type":"text","text":{"body":"first"}},
			{"from":"5511","id":"wamid.B","timestamp":"1700000001","type":"text","text":{"body":"second"}}]}}]}]}`)

	m, contact, err := inboundMessage(inboundJob{AccountID: 1, WAMID: "wamid.B"}, webhook)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "wamid.B" || m.Text == nil || m.Text.Body != "second" || contact == nil || contact.Profile.Name != "Ana" {
		t.Fatalf("found %+v from %+v, want the second message from Ana", m, contact)
	}

	legacy := inboundJob{AccountID: 1, Message: json.RawMessage(`{"from":"5511","id":"wamid.C","timestamp":"1700000002",
		"type":"text","text":{"body":"copied"}}`)}
	if m, _, err := inboundMessage(legacy, nil); err != nil || m.ID != "wamid.C" || m.Text.Body != "copied" {
		t.Fatalf("legacy job: %+v, %v", m, err)
	}

	for name, tc := range map[string]struct {
		wamid   string
		webhook []byte
		want    string
	}{
		"webhook gone":     {"wamid.A", nil, "gone"},
		"message missing":  {"wamid.Z", webhook, "not in its stored webhook"},
		"webhook unusable": {"wamid.A", []byte(`{"entry":`), "stored webhook"},
	} {
		_, _, err := inboundMessage(inboundJob{AccountID: 1, WAMID: tc.wamid}, tc.webhook)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", name, err, tc.want)
		}
	}
}
