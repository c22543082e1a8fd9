package dialog360

import "testing"

// benchWebhook is a typical delivery: one text message with its sender.
var benchWebhook = []byte(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{
"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
"timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}`)

// ParseWebhook runs for every webhook taken and again for every inbound
// job (the job reads its message from the stored webhook).
func BenchmarkParseWebhook(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchWebhook)))
	for b.Loop() {
		w, err := ParseWebhook(benchWebhook)
		if err != nil || len(w.Values()) != 1 || len(w.Values()[0].Messages) != 1 {
			b.Fatalf("parse: %v", err)
		}
	}
}
