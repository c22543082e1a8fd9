package sandbox

import (
	"encoding/json"
	"testing"
	"time"
)

// TestBusinessMessagesOnThePhone pins how the phone renders what the module
// sends: templates filled from the stored template (positional and named
// values, quick replies with their payloads, URL buttons), interactive
// buttons and lists as tappable buttons, media by their uploaded id.
func TestBusinessMessagesOnThePhone(t *testing.T) {
	t.Parallel()
	templates := append(sampleTemplates(), map[string]any{"name": "named", "language": "es", "parameter_format": "NAMED",
		"components": []any{
			map[string]any{"type": "HEADER", "format": "IMAGE"},
			map[string]any{"type": "BODY", "text": "Hola {{first_name}}, total {{amount}}."},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "URL", "text": "Track", "url": "https://shop.example/t/{{1}}"}}},
		}})
	sends := map[string]string{
		"text":     `{"type":"text","text":{"body":"Hola"},"context":{"message_id":"wamid.Q"}}`,
		"image":    `{"type":"image","image":{"id":"1234","caption":"Catálogo"}}`,
		"document": `{"type":"document","document":{"link":"https://x/y.pdf","filename":"factura.pdf","caption":"Su factura"}}`,
		"location": `{"type":"location","location":{"latitude":40.4,"longitude":-3.7,"name":"Sol","address":"Madrid"}}`,
		"template positional": `{"type":"template","template":{"name":"order_ready","language":{"code":"en"},"components":[
			{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#1"},{"type":"text","text":"Sol"}]},
			{"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"DELIVER"}]}]}}`,
		"template named": `{"type":"template","template":{"name":"named","language":{"code":"es"},"components":[
			{"type":"header","parameters":[{"type":"image","image":{"id":"77"}}]},
			{"type":"body","parameters":[{"type":"text","parameter_name":"amount","text":"12 EUR"},
				{"type":"text","parameter_name":"first_name","text":"Ana"}]},
			{"type":"button","sub_type":"url","index":0,"parameters":[{"type":"text","text":"A1"}]}]}}`,
		"template missing value": `{"type":"template","template":{"name":"appointment_reminder","language":{"code":"es"},
			"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"}]}]}}`,
		"template unknown": `{"type":"template","template":{"name":"gone","language":{"code":"en"}}}`,
		"interactive buttons": `{"type":"interactive","interactive":{"type":"button","header":{"type":"text","text":"Talla"},
			"body":{"text":"¿Qué talla?"},"footer":{"text":"Tienda"},"action":{"buttons":[
			{"type":"reply","reply":{"id":"s","title":"S"}},{"type":"reply","reply":{"id":"m","title":"M"}}]}}}`,
		"interactive list": `{"type":"interactive","interactive":{"type":"list","body":{"text":"Elija"},"action":{"button":"Ver",
			"sections":[{"title":"A","rows":[{"id":"r1","title":"Uno"},{"id":"r2","title":"Dos"}]}]}}}`,
	}
	out := map[string]phoneItem{}
	for name, raw := range sends {
		var body map[string]any
		if err := json.Unmarshal([]byte(raw), &body); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		it := businessItem(body, templates)
		it.quoteID = "" // compared through Quote in the page tests
		out[name] = it
	}
	got, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "phone_business.json", got)
}

// TestShortDurations: the page writes the timers the way people read them.
func TestShortDurations(t *testing.T) {
	t.Parallel()
	for d, want := range map[string]string{"9m30s": "9m30s", "2h": "2h", "4.75s": "4.75s", "2m": "2m", "1h30m": "1h30m"} {
		if got := short(mustDuration(t, d)); got != want {
			t.Errorf("short(%s) = %s, want %s", d, got, want)
		}
	}
}

func mustDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
